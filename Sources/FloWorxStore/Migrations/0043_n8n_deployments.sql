-- 0043 n8n deployments (issue 16): which n8n workflow holds each business workflow, so deploying again updates it
-- instead of creating a duplicate. Service data in the private schema: no API role reads it.
CREATE TABLE floworx.n8n_deployments (
    client_id uuid NOT NULL REFERENCES public.profiles(id) ON DELETE CASCADE,
    -- FloWorx's workflow name (public.workflows.name); the n8n workflow is named floworx:<client_id>:<workflow_name>.
    workflow_name text NOT NULL CHECK (length(workflow_name) BETWEEN 1 AND 200),
    n8n_workflow_id text NOT NULL CHECK (length(n8n_workflow_id) BETWEEN 1 AND 200),
    -- The FloWorx workflow version last deployed there.
    version integer NOT NULL CHECK (version > 0),
    active boolean NOT NULL DEFAULT false,
    deployed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (client_id, workflow_name)
);
COMMENT ON TABLE floworx.n8n_deployments IS 'The n8n workflow id of each deployed FloWorx workflow (issue 16)';
ALTER TABLE floworx.n8n_deployments ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON floworx.n8n_deployments FROM PUBLIC;
