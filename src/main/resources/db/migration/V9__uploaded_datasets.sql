-- Uploaded datasets: one archive object each in the artifact storage, named here after it was written, so that
-- any node can materialise the dataset through its cache. Plain SQL that H2 and PostgreSQL both accept.
CREATE TABLE uploaded_datasets (
    name       VARCHAR(64)  PRIMARY KEY,
    object_key VARCHAR(400) NOT NULL,
    sha256     VARCHAR(64)  NOT NULL,
    size_bytes BIGINT       NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
