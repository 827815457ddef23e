-- 0028 LLM second opinion (issue 10, deliverable 5): per-business daily budget and token accounting.
--
-- One row per client and UTC day. A worker reserves a request BEFORE it calls the provider (one statement that checks
-- and counts under the row's lock, so concurrent workers of every process cannot overrun the budget together), and
-- records the tokens the provider billed afterwards, against the day of the reservation. A refused reservation writes
-- nothing. The table lives in the private schema: no API role reads it; RLS is on with no policy as well, so a grant
-- made by mistake would still show nothing.
CREATE TABLE floworx.llm_usage (
    client_id uuid NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
    day date NOT NULL,
    -- Requests reserved (each is one call to the provider).
    requests integer NOT NULL DEFAULT 0 CHECK (requests >= 0),
    prompt_tokens bigint NOT NULL DEFAULT 0 CHECK (prompt_tokens >= 0),
    completion_tokens bigint NOT NULL DEFAULT 0 CHECK (completion_tokens >= 0),
    -- Calls that gave no usable answer (timeout, error, refusal, malformed): the offline result stood.
    failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (client_id, day)
);

COMMENT ON TABLE floworx.llm_usage IS 'LLM second opinion: requests and tokens per client and UTC day (daily budget)';

ALTER TABLE floworx.llm_usage ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON floworx.llm_usage FROM PUBLIC;

-- Reserves one request of today's (UTC) budget for a client. Returns the day reserved, or NULL when the client has
-- already made max_requests requests today, or (max_tokens > 0) has already been billed max_tokens tokens today.
-- max_requests < 1 refuses everything. An unknown client is a foreign key violation (23503).
CREATE FUNCTION floworx.reserve_llm_request(client uuid, max_requests integer, max_tokens bigint) RETURNS date
LANGUAGE plpgsql
SET search_path = ''
AS $$
DECLARE
    today date := (now() AT TIME ZONE 'UTC')::date;
    reserved date;
BEGIN
    IF max_requests < 1 THEN
        RETURN NULL;
    END IF;
    -- ON CONFLICT ... WHERE re-reads the locked row: two concurrent reservations cannot both take the last request.
    INSERT INTO floworx.llm_usage AS u (client_id, day, requests) VALUES (client, today, 1)
    ON CONFLICT (client_id, day) DO UPDATE SET requests = u.requests + 1, updated_at = now()
        WHERE u.requests < max_requests AND (max_tokens <= 0 OR u.prompt_tokens + u.completion_tokens < max_tokens)
    RETURNING u.day INTO reserved;
    RETURN reserved;
END
$$;

-- Records what one reserved request cost, on the day it was reserved; failed counts a call without a usable answer.
CREATE FUNCTION floworx.record_llm_usage(client uuid, reserved_day date, prompt bigint, completion bigint, failed boolean) RETURNS void
LANGUAGE sql
SET search_path = ''
AS $$
    UPDATE floworx.llm_usage u
    SET prompt_tokens = u.prompt_tokens + greatest(prompt, 0),
        completion_tokens = u.completion_tokens + greatest(completion, 0),
        failures = u.failures + CASE WHEN failed THEN 1 ELSE 0 END,
        updated_at = now()
    WHERE u.client_id = client AND u.day = reserved_day;
$$;

REVOKE ALL ON FUNCTION floworx.reserve_llm_request(uuid, integer, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION floworx.record_llm_usage(uuid, date, bigint, bigint, boolean) FROM PUBLIC;
