-- Dated stops (様式第6号 最終利用日, 様式第9号 中止日): an approved form whose day is still to come
-- schedules the change instead of applying it; the worker applies it when the day has passed.
-- The application that scheduled it is kept so that withdrawing it cancels only its own schedule.
ALTER TABLE users ADD COLUMN stop_on DATE;
ALTER TABLE users ADD COLUMN stop_application_id BIGINT;
ALTER TABLE rooms ADD COLUMN close_on DATE;
CREATE INDEX users_stop_on ON users(stop_on);
CREATE INDEX rooms_close_on ON rooms(close_on);
