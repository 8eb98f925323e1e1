-- The warehouse contract (schema version 1). Researchers write SQL against these
-- names: add columns freely, never rename or drop; changes go through migrations.

CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER NOT NULL,
    applied_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS documents (
    doc_id            VARCHAR PRIMARY KEY,   -- sha256 hex of the file bytes
    file_type         VARCHAR NOT NULL,      -- pdf, image, csv, xlsx, docx, text, email
    mime              VARCHAR,
    bytes             BIGINT,
    doc_type          VARCHAR,               -- contract, policy, minutes, statement, foia_response, audit_log, other
    doc_type_confidence DOUBLE,
    agency_id         VARCHAR,
    state             VARCHAR,
    title             VARCHAR,
    pages             INTEGER,
    ocr_pages         INTEGER,
    status            VARCHAR NOT NULL,      -- ok, partial, failed
    text_engine_version VARCHAR,
    extractor_version VARCHAR,
    first_batch       VARCHAR,
    loaded_at         TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS document_paths (
    doc_id     VARCHAR NOT NULL,
    batch      VARCHAR NOT NULL,
    path       VARCHAR NOT NULL,             -- relative to raw_docs; zip members as archive.zip!member
    first_seen TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (doc_id, batch, path)
);

CREATE TABLE IF NOT EXISTS pages (
    doc_id          VARCHAR NOT NULL,
    page_no         INTEGER NOT NULL,        -- 1-based
    method          VARCHAR NOT NULL,        -- text_layer, ocr, none
    decision_reason VARCHAR,
    text            VARCHAR NOT NULL,
    chars           INTEGER,
    ocr_confidence  DOUBLE,                  -- mean tesseract word confidence, 0-100
    width_pt        DOUBLE,
    height_pt       DOUBLE,
    PRIMARY KEY (doc_id, page_no)
);

CREATE TABLE IF NOT EXISTS agencies (
    agency_id  VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    state      VARCHAR,
    kind       VARCHAR,                      -- police, sheriff, city, county, state, other
    aliases    VARCHAR[]
);

CREATE TABLE IF NOT EXISTS vendors (
    doc_id VARCHAR NOT NULL, page_no INTEGER, vendor VARCHAR NOT NULL, mention VARCHAR,
    quote VARCHAR, char_start INTEGER, char_end INTEGER,
    method VARCHAR, confidence DOUBLE, extractor_version VARCHAR
);

CREATE TABLE IF NOT EXISTS retention_periods (
    doc_id VARCHAR NOT NULL, page_no INTEGER, days INTEGER, raw VARCHAR,
    applies_to VARCHAR,                      -- alpr_data, audit_log, hotlist, video, other
    quote VARCHAR, char_start INTEGER, char_end INTEGER,
    method VARCHAR, confidence DOUBLE, extractor_version VARCHAR
);

CREATE TABLE IF NOT EXISTS sharing_clauses (
    doc_id VARCHAR NOT NULL, page_no INTEGER,
    stance VARCHAR,                          -- permits, prohibits, conditional
    recipients VARCHAR[],                    -- law_enforcement, federal, immigration, out_of_state, public, private, other
    quote VARCHAR, char_start INTEGER, char_end INTEGER,
    method VARCHAR, confidence DOUBLE, extractor_version VARCHAR
);

CREATE TABLE IF NOT EXISTS denials (
    doc_id VARCHAR NOT NULL, page_no INTEGER,
    kind VARCHAR,                            -- exemption, no_records, partial, fee, refusal
    citation VARCHAR,                        -- as written
    citation_normalized VARCHAR,             -- e.g. FL 119.071(2)(c)
    quote VARCHAR, char_start INTEGER, char_end INTEGER,
    method VARCHAR, confidence DOUBLE, extractor_version VARCHAR
);

CREATE TABLE IF NOT EXISTS contract_terms (
    doc_id VARCHAR NOT NULL, page_no INTEGER,
    term VARCHAR,                            -- total_price, camera_count, term_months, ...
    value DOUBLE, unit VARCHAR,
    quote VARCHAR, char_start INTEGER, char_end INTEGER,
    method VARCHAR, confidence DOUBLE, extractor_version VARCHAR
);

CREATE TABLE IF NOT EXISTS hotlists (
    doc_id VARCHAR NOT NULL, page_no INTEGER, hotlist VARCHAR,
    quote VARCHAR, char_start INTEGER, char_end INTEGER,
    method VARCHAR, confidence DOUBLE, extractor_version VARCHAR
);

CREATE TABLE IF NOT EXISTS audit_searches (
    doc_id VARCHAR NOT NULL, row_no INTEGER NOT NULL,
    search_id VARCHAR, org_name VARCHAR, "user" VARCHAR,
    searched_at TIMESTAMP, source_timezone VARCHAR, time_frame VARCHAR,
    reason VARCHAR, reason_category VARCHAR, case_number VARCHAR,
    networks INTEGER, devices INTEGER, search_type VARCHAR, moderation VARCHAR,
    immigration BOOLEAN, page_no INTEGER, extractor_version VARCHAR,
    PRIMARY KEY (doc_id, row_no)
);

CREATE TABLE IF NOT EXISTS failures (
    path        VARCHAR NOT NULL,
    sha256      VARCHAR,
    batch       VARCHAR,
    stage       VARCHAR NOT NULL,            -- ingest, text, extract, warehouse
    page_no     INTEGER,
    error_class VARCHAR NOT NULL,
    message     VARCHAR NOT NULL,
    "at"        TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS runs (
    run_id            VARCHAR PRIMARY KEY,
    batch             VARCHAR,
    started_at        TIMESTAMP,
    finished_at       TIMESTAMP,
    files_seen        INTEGER,
    documents_new     INTEGER,
    pages_new         INTEGER,
    ocr_pages_new     INTEGER,
    failures_new      INTEGER,
    extractor_version VARCHAR
);
