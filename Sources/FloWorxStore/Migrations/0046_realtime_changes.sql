-- 0046 Realtime change feed (issue 12, deliverable 6): which tables are published, and the trigger that announces
-- their changes.
--
-- Change source: a row trigger sends NOTIFY on channel 'floworx_realtime' with the table, the operation, the primary
-- key and, for deletes, the old row (values of more than 200 characters left out, so the payload stays far below
-- NOTIFY's 8,000-byte limit while keeping the ids and owner columns that policies test). NOTIFY is delivered at
-- commit, only for committed transactions, in commit order. The server then reads the changed rows once per distinct
-- subscriber claims set, as that role with those claims, so row-level security decides who receives what
-- (floworx.realtime_visible, migration 0047). docs/realtime.md explains the choice over logical decoding.
--
-- The publication is a whitelist: only these tables can be subscribed to, and every table of it has a column `id`
-- (its primary key). email_queue is left out on purpose: the worker updates its rows several times per email (leases,
-- retries) and a NOTIFY per update would cost the queue without telling the owner anything.
CREATE TABLE floworx.realtime_publication (
  table_name text PRIMARY KEY
);
COMMENT ON TABLE floworx.realtime_publication IS 'Tables of schema public whose changes Realtime (/realtime/v1/websocket) publishes';

INSERT INTO floworx.realtime_publication (table_name) VALUES
  ('profiles'), ('integrations'), ('communication_styles'), ('business_hours'), ('escalation_rules'),
  ('notification_settings'), ('workflows'), ('email_logs'), ('ai_responses'), ('analytics_events'),
  ('error_logs'), ('dead_letter_queue');

-- The payload: {"t": table, "o": "I"|"U"|"D", "id": key as text, "ts": commit time (trigger time, UTC), "old": row}.
CREATE FUNCTION floworx.realtime_notify() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  payload jsonb;
BEGIN
  IF TG_OP = 'DELETE' THEN
    payload := jsonb_build_object('t', TG_TABLE_NAME, 'o', 'D', 'id', OLD.id::text,
      'old', (SELECT coalesce(jsonb_object_agg(key, value), '{}'::jsonb) FROM jsonb_each(to_jsonb(OLD)) WHERE length(value::text) <= 200));
  ELSE
    payload := jsonb_build_object('t', TG_TABLE_NAME, 'o', left(TG_OP, 1), 'id', NEW.id::text);
  END IF;
  payload := payload || jsonb_build_object('ts', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'));
  PERFORM pg_notify('floworx_realtime', payload::text);
  RETURN NULL;
END
$$;

DO $$
DECLARE
  published text;
BEGIN
  FOR published IN SELECT table_name FROM floworx.realtime_publication LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = format('public.%I', published)::regclass AND attname = 'id' AND NOT attisdropped) THEN
      RAISE EXCEPTION 'published table % has no column id', published;
    END IF;
    EXECUTE format('CREATE TRIGGER floworx_realtime AFTER INSERT OR UPDATE OR DELETE ON public.%I FOR EACH ROW EXECUTE FUNCTION floworx.realtime_notify()', published);
  END LOOP;
END
$$;
