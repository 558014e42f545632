//! A room's versioned documents: 患者情報 and 療養のポイント. Every save adds a version (the
//! whole document, JSON); the newest is the current one and all earlier ones stay readable with
//! who wrote them and when.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Serialize, de::DeserializeOwned};

use crate::db::DbConnection;
use crate::schema::{room_documents, users};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    PatientInfo,
    CarePoints,
}

impl DocKind {
    pub fn code(self) -> &'static str {
        match self {
            DocKind::PatientInfo => "patient_info",
            DocKind::CarePoints => "care_points",
        }
    }
}

/// One version, with its writer's name.
#[derive(Debug, Clone)]
pub struct Version<T> {
    pub id: i64,
    pub doc: T,
    pub written_by: i64,
    pub writer: String,
    pub written_at: NaiveDateTime,
}

pub struct Documents;

impl Documents {
    /// The newest versions first (the current one is the first), at most `limit`.
    pub fn versions<T: DeserializeOwned + Default>(
        conn: &mut DbConnection,
        room_id: i64,
        kind: DocKind,
        limit: i64,
    ) -> QueryResult<Vec<Version<T>>> {
        let rows: Vec<(i64, String, i64, String, NaiveDateTime)> = room_documents::table
            .inner_join(users::table)
            .filter(room_documents::room_id.eq(room_id))
            .filter(room_documents::kind.eq(kind.code()))
            .order(room_documents::id.desc())
            .limit(limit)
            .select((
                room_documents::id,
                room_documents::body,
                room_documents::written_by,
                users::display_name,
                room_documents::written_at,
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(id, body, written_by, writer, written_at)| Version {
                id,
                // A version written by an older release may lack newer fields: they default.
                doc: serde_json::from_str(&body).unwrap_or_default(),
                written_by,
                writer,
                written_at,
            })
            .collect())
    }

    /// The current document, if one was ever saved.
    pub fn current<T: DeserializeOwned + Default>(
        conn: &mut DbConnection,
        room_id: i64,
        kind: DocKind,
    ) -> QueryResult<Option<Version<T>>> {
        Ok(Self::versions(conn, room_id, kind, 1)?.into_iter().next())
    }

    /// The id of the current version (what an edit form was based on).
    pub fn current_id(
        conn: &mut DbConnection,
        room_id: i64,
        kind: DocKind,
    ) -> QueryResult<Option<i64>> {
        room_documents::table
            .filter(room_documents::room_id.eq(room_id))
            .filter(room_documents::kind.eq(kind.code()))
            .order(room_documents::id.desc())
            .select(room_documents::id)
            .first(conn)
            .optional()
    }

    pub fn save<T: Serialize>(
        conn: &mut DbConnection,
        room_id: i64,
        kind: DocKind,
        doc: &T,
        by: i64,
        now: NaiveDateTime,
    ) -> QueryResult<i64> {
        let body = serde_json::to_string(doc)
            .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
        diesel::insert_into(room_documents::table)
            .values((
                room_documents::room_id.eq(room_id),
                room_documents::kind.eq(kind.code()),
                room_documents::body.eq(body),
                room_documents::written_by.eq(by),
                room_documents::written_at.eq(now),
            ))
            .execute(conn)?;
        crate::db::last_insert_id(conn)
    }
}
