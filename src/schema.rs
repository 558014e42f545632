//! The database tables, written once for both backends (see `migrations/sqlite` and
//! `migrations/postgres`, which must stay column-for-column identical).

diesel::table! {
    organisations (id) {
        id -> BigInt,
        name -> Text,
        kana -> Text,
        kind -> Text,
        postcode -> Text,
        address -> Text,
        phone -> Text,
        created_at -> Timestamp,
        fax -> Text,
        representative -> Text,
        manager_name -> Text,
        manager_title -> Text,
        manager_phone -> Text,
        manager_email -> Text,
        application_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        login_id -> Text,
        display_name -> Text,
        kana -> Text,
        organisation_id -> BigInt,
        profession -> Text,
        role -> Text,
        is_org_manager -> Bool,
        email -> Text,
        locale -> Nullable<Text>,
        status -> Text,
        password_hash -> Nullable<Text>,
        must_change_password -> Bool,
        is_demo -> Bool,
        created_at -> Timestamp,
        stopped_at -> Nullable<Timestamp>,
        stop_on -> Nullable<Date>,
        stop_application_id -> Nullable<BigInt>,
        office -> Text,
    }
}

diesel::table! {
    activation_codes (id) {
        id -> BigInt,
        user_id -> BigInt,
        code_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    auth_factors (id) {
        id -> BigInt,
        user_id -> BigInt,
        kind -> Text,
        secret -> Text,
        last_used_step -> Nullable<BigInt>,
        created_at -> Timestamp,
        confirmed_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sessions (id_hash) {
        id_hash -> Text,
        user_id -> BigInt,
        stage -> Text,
        csrf_token -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        ip -> Text,
        user_agent -> Text,
        ended_at -> Nullable<Timestamp>,
        end_reason -> Nullable<Text>,
    }
}

diesel::table! {
    login_attempts (id) {
        id -> BigInt,
        login_id -> Text,
        ip -> Text,
        success -> Bool,
        at -> Timestamp,
    }
}

diesel::table! {
    audit_log (seq) {
        seq -> BigInt,
        at -> Timestamp,
        actor_user_id -> Nullable<BigInt>,
        actor_login -> Text,
        actor_role -> Text,
        action -> Text,
        target_kind -> Text,
        target_id -> Text,
        ip -> Text,
        result -> Text,
        detail -> Text,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    access_log (seq) {
        seq -> BigInt,
        at -> Timestamp,
        user_id -> BigInt,
        login -> Text,
        role -> Text,
        ip -> Text,
        what -> Text,
        room_id -> Nullable<BigInt>,
        registrant_id -> Nullable<BigInt>,
        record -> Text,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        idempotency_key -> Text,
        kind -> Text,
        payload -> Text,
        created_at -> Timestamp,
        enqueued_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mail_deliveries (idempotency_key) {
        idempotency_key -> Text,
        state -> Text,
        claimed_by -> Text,
        claimed_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
        transport -> Text,
    }
}

diesel::table! {
    worker_heartbeats (name) {
        name -> Text,
        last_seen -> Timestamp,
    }
}

diesel::joinable!(users -> organisations (organisation_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(auth_factors -> users (user_id));
diesel::joinable!(activation_codes -> users (user_id));

diesel::table! {
    applications (id) {
        id -> BigInt,
        receipt_number -> Text,
        form -> Text,
        office -> Text,
        channel -> Text,
        status -> Text,
        received_on -> Date,
        due_on -> Nullable<Date>,
        open_days_used -> Integer,
        paused_on -> Nullable<Date>,
        organisation_name -> Text,
        summary -> Text,
        payload -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        pair_key -> Nullable<Text>,
    }
}

diesel::table! {
    application_events (id) {
        id -> BigInt,
        application_id -> BigInt,
        at -> Timestamp,
        actor_user_id -> Nullable<BigInt>,
        actor_name -> Text,
        action -> Text,
        from_status -> Text,
        to_status -> Text,
        reason -> Text,
    }
}

diesel::table! {
    receipt_counters (office, year) {
        office -> Text,
        year -> Integer,
        last -> Integer,
    }
}

diesel::joinable!(application_events -> applications (application_id));

diesel::table! {
    letters (id) {
        id -> BigInt,
        application_id -> Nullable<BigInt>,
        user_id -> BigInt,
        notice_number -> Text,
        status -> Text,
        batch_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        rendered_at -> Nullable<Timestamp>,
        mailed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    letter_batches (id) {
        id -> BigInt,
        status -> Text,
        letter_count -> Integer,
        pdf -> Nullable<Binary>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        rendered_at -> Nullable<Timestamp>,
        mailed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    registrants (id) {
        id -> BigInt,
        name -> Text,
        kana -> Text,
        birth_date -> Date,
        sex -> Text,
        postcode -> Text,
        address -> Text,
        phone -> Text,
        consent_on -> Date,
        signer -> Text,
        proxy_name -> Text,
        proxy_relationship -> Text,
        digital_consent -> Bool,
        status -> Text,
        discontinued_on -> Nullable<Date>,
        consent_application_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        office -> Text,
    }
}

diesel::table! {
    rooms (id) {
        id -> BigInt,
        kind -> Text,
        registrant_id -> Nullable<BigInt>,
        name -> Text,
        purpose -> Text,
        office -> Text,
        status -> Text,
        opened_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
        purge_after -> Nullable<Date>,
        opened_by_application -> Nullable<BigInt>,
        closed_by_application -> Nullable<BigInt>,
        close_on -> Nullable<Date>,
    }
}

diesel::table! {
    room_members (id) {
        id -> BigInt,
        room_id -> BigInt,
        user_id -> BigInt,
        team_role -> Text,
        added_at -> Timestamp,
        removed_at -> Nullable<Timestamp>,
        removed_reason -> Text,
        added_by_application -> Nullable<BigInt>,
        removed_by_application -> Nullable<BigInt>,
        read_only -> Integer,
    }
}

diesel::table! {
    files (id) {
        id -> BigInt,
        file_name -> Text,
        content_type -> Text,
        byte_size -> BigInt,
        data -> Binary,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    application_files (application_id, file_id) {
        application_id -> BigInt,
        file_id -> BigInt,
    }
}

diesel::table! {
    messages (id) {
        id -> BigInt,
        sender_id -> BigInt,
        recipient_user_id -> Nullable<BigInt>,
        recipient_office -> Nullable<Text>,
        subject -> Text,
        body -> Text,
        sent_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
        read_by -> Nullable<BigInt>,
        application_id -> Nullable<BigInt>,
        reply_to -> Nullable<BigInt>,
    }
}

diesel::table! {
    message_files (message_id, file_id) {
        message_id -> BigInt,
        file_id -> BigInt,
    }
}

diesel::table! {
    drafts (id) {
        id -> BigInt,
        user_id -> BigInt,
        form -> Text,
        purpose -> Text,
        title -> Text,
        fields -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    public_submissions (id) {
        id -> BigInt,
        ip -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    tags (id) {
        id -> BigInt,
        name -> Text,
        retired_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    posts (id) {
        id -> BigInt,
        room_id -> BigInt,
        author_id -> BigInt,
        parent_id -> Nullable<BigInt>,
        subject -> Text,
        body -> Text,
        to_all -> Bool,
        reply_wanted_from -> Text,
        created_at -> Timestamp,
        edited_at -> Nullable<Timestamp>,
        idempotency_key -> Text,
    }
}

diesel::table! {
    post_versions (id) {
        id -> BigInt,
        post_id -> BigInt,
        subject -> Text,
        body -> Text,
        written_at -> Timestamp,
        replaced_at -> Timestamp,
    }
}

diesel::table! {
    post_addressees (post_id, user_id) {
        post_id -> BigInt,
        user_id -> BigInt,
    }
}

diesel::table! {
    post_tags (post_id, tag_id) {
        post_id -> BigInt,
        tag_id -> BigInt,
    }
}

diesel::table! {
    post_files (post_id, file_id) {
        post_id -> BigInt,
        file_id -> BigInt,
    }
}

diesel::table! {
    kept_uploads (id) {
        id -> BigInt,
        user_id -> BigInt,
        field -> Text,
        file_name -> Text,
        content_type -> Text,
        data -> Binary,
        created_at -> Timestamp,
    }
}

diesel::table! {
    file_thumbnails (file_id) {
        file_id -> BigInt,
        data -> Binary,
        width -> Integer,
        height -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    post_reads (post_id, user_id) {
        post_id -> BigInt,
        user_id -> BigInt,
        read_at -> Timestamp,
    }
}

diesel::table! {
    room_read_marks (room_id, user_id) {
        room_id -> BigInt,
        user_id -> BigInt,
        last_read_post_id -> BigInt,
    }
}

diesel::table! {
    notification_settings (user_id) {
        user_id -> BigInt,
        email -> Text,
        posts -> Text,
        digest -> Bool,
        digest_sent_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    room_features (room_id, feature) {
        room_id -> BigInt,
        feature -> Text,
        enabled -> Bool,
        changed_by -> BigInt,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    vitals (id) {
        id -> BigInt,
        room_id -> BigInt,
        measured_at -> Timestamp,
        entered_by -> BigInt,
        entered_at -> Timestamp,
        temperature -> Nullable<Integer>,
        pulse -> Nullable<Integer>,
        systolic -> Nullable<Integer>,
        diastolic -> Nullable<Integer>,
        spo2 -> Nullable<Integer>,
        glucose -> Nullable<Integer>,
        respiration -> Nullable<Integer>,
        weight -> Nullable<Integer>,
        note -> Text,
        alerted -> Text,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawn_by -> Nullable<BigInt>,
        withdrawn_reason -> Text,
        idempotency_key -> Text,
    }
}

diesel::table! {
    room_documents (id) {
        id -> BigInt,
        room_id -> BigInt,
        kind -> Text,
        body -> Text,
        written_by -> BigInt,
        written_at -> Timestamp,
    }
}

diesel::table! {
    prescriptions (id) {
        id -> BigInt,
        room_id -> BigInt,
        prescribed_on -> Date,
        institution -> Text,
        prescriber -> Text,
        notes -> Text,
        entered_by -> BigInt,
        entered_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawn_by -> Nullable<BigInt>,
        withdrawn_reason -> Text,
        idempotency_key -> Text,
    }
}

diesel::table! {
    prescription_lines (id) {
        id -> BigInt,
        prescription_id -> BigInt,
        line_no -> Integer,
        drug -> Text,
        dose -> Text,
        directions -> Text,
        days -> Integer,
    }
}

diesel::table! {
    events (id) {
        id -> BigInt,
        room_id -> BigInt,
        kind -> Text,
        title -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        place -> Text,
        meeting_url -> Text,
        notes -> Text,
        organiser_id -> BigInt,
        sequence -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        cancelled_at -> Nullable<Timestamp>,
        poll_id -> Nullable<BigInt>,
        idempotency_key -> Text,
    }
}

diesel::table! {
    event_participants (event_id, user_id) {
        event_id -> BigInt,
        user_id -> BigInt,
    }
}

diesel::table! {
    polls (id) {
        id -> BigInt,
        room_id -> BigInt,
        kind -> Text,
        title -> Text,
        place -> Text,
        meeting_url -> Text,
        notes -> Text,
        organiser_id -> BigInt,
        created_at -> Timestamp,
        fixed_at -> Nullable<Timestamp>,
        event_id -> Nullable<BigInt>,
        idempotency_key -> Text,
    }
}

diesel::table! {
    poll_options (id) {
        id -> BigInt,
        poll_id -> BigInt,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
    }
}

diesel::table! {
    poll_answers (option_id, user_id) {
        option_id -> BigInt,
        user_id -> BigInt,
        answer -> Text,
        answered_at -> Timestamp,
    }
}

diesel::table! {
    notices (id) {
        id -> BigInt,
        office -> Text,
        title -> Text,
        body -> Text,
        audience -> Text,
        audience_codes -> Text,
        response -> Text,
        file_id -> Nullable<BigInt>,
        published_by -> BigInt,
        published_at -> Timestamp,
        idempotency_key -> Text,
    }
}

diesel::table! {
    notice_recipients (notice_id, user_id) {
        notice_id -> BigInt,
        user_id -> BigInt,
        read_at -> Nullable<Timestamp>,
        answer -> Text,
        answered_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(notice_recipients -> notices (notice_id));
diesel::joinable!(notice_recipients -> users (user_id));
diesel::joinable!(notices -> files (file_id));
diesel::joinable!(letters -> letter_batches (batch_id));
diesel::joinable!(posts -> users (author_id));
diesel::joinable!(post_tags -> tags (tag_id));
diesel::joinable!(post_reads -> users (user_id));
diesel::joinable!(post_files -> files (file_id));
diesel::joinable!(post_files -> posts (post_id));
diesel::joinable!(post_addressees -> users (user_id));
diesel::joinable!(room_members -> rooms (room_id));
diesel::joinable!(room_members -> users (user_id));
diesel::joinable!(rooms -> registrants (registrant_id));
diesel::joinable!(application_files -> files (file_id));
diesel::joinable!(message_files -> files (file_id));
diesel::joinable!(letters -> users (user_id));
diesel::joinable!(event_participants -> events (event_id));
diesel::joinable!(event_participants -> users (user_id));
diesel::joinable!(poll_options -> polls (poll_id));
diesel::joinable!(events -> rooms (room_id));
diesel::joinable!(prescription_lines -> prescriptions (prescription_id));
diesel::joinable!(room_documents -> users (written_by));

diesel::allow_tables_to_appear_in_same_query!(
    access_log,
    notices,
    notice_recipients,
    kept_uploads,
    organisations,
    users,
    activation_codes,
    auth_factors,
    sessions,
    login_attempts,
    audit_log,
    outbox,
    mail_deliveries,
    worker_heartbeats,
    applications,
    application_events,
    receipt_counters,
    letters,
    letter_batches,
    registrants,
    rooms,
    room_members,
    files,
    application_files,
    messages,
    message_files,
    drafts,
    public_submissions,
    tags,
    posts,
    post_versions,
    post_addressees,
    post_tags,
    post_files,
    post_reads,
    file_thumbnails,
    room_read_marks,
    notification_settings,
    room_features,
    vitals,
    room_documents,
    prescriptions,
    prescription_lines,
    events,
    event_participants,
    polls,
    poll_options,
    poll_answers,
);
