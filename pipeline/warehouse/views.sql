-- Comparison views. Recreated every time the warehouse is opened for writing, so
-- they always match the installed alpr-foia. Researchers: query these, or the
-- tables underneath; every row keeps a way back to doc_id and page_no.

CREATE OR REPLACE VIEW document_agency AS
SELECT d.doc_id, d.doc_type, d.state AS doc_state,
       coalesce(d.agency_id, 'unknown') AS agency_id,
       coalesce(a.name, 'Unknown agency') AS agency_name,
       coalesce(a.state, d.state) AS state
FROM documents d LEFT JOIN agencies a ON a.agency_id = d.agency_id;

CREATE OR REPLACE VIEW retention_by_agency AS
SELECT da.agency_id, da.agency_name, da.state, r.applies_to,
       min(r.days) AS min_days, max(r.days) AS max_days,
       count(DISTINCT r.days) > 1 AS documents_disagree,
       count(*) AS statements, count(DISTINCT r.doc_id) AS documents,
       list(DISTINCT r.doc_id || ' p.' || coalesce(CAST(r.page_no AS VARCHAR), '?')) AS sources
FROM retention_periods r JOIN document_agency da USING (doc_id)
GROUP BY ALL;

CREATE OR REPLACE VIEW sharing_matrix AS
SELECT da.agency_id, da.agency_name, da.state, recipient, s.stance,
       count(*) AS clauses,
       min(s.quote) AS example_quote,
       list(DISTINCT s.doc_id || ' p.' || coalesce(CAST(s.page_no AS VARCHAR), '?')) AS sources
FROM sharing_clauses s
JOIN document_agency da USING (doc_id),
     unnest(CASE WHEN len(s.recipients) = 0 THEN ['other'] ELSE s.recipients END) AS t(recipient)
GROUP BY ALL;

CREATE OR REPLACE VIEW vendors_by_agency AS
SELECT da.agency_id, da.agency_name, da.state, v.vendor,
       count(*) AS mentions, count(DISTINCT v.doc_id) AS documents,
       list(DISTINCT v.doc_id || ' p.' || coalesce(CAST(v.page_no AS VARCHAR), '?')) AS sources
FROM vendors v JOIN document_agency da USING (doc_id)
GROUP BY ALL;

CREATE OR REPLACE VIEW denials_by_citation AS
SELECT coalesce(dn.citation_normalized, dn.citation, '(none)') AS citation, dn.kind,
       da.agency_id, da.state, count(*) AS denials, count(DISTINCT dn.doc_id) AS documents
FROM denials dn JOIN document_agency da USING (doc_id)
GROUP BY ALL;

CREATE OR REPLACE VIEW audit_searches_by_org_month AS
SELECT org_name, date_trunc('month', searched_at) AS month,
       count(*) AS searches,
       count(*) FILTER (WHERE immigration) AS immigration_searches,
       count(*) FILTER (WHERE reason_category IN ('vague', 'empty')) AS vague_searches,
       avg(networks) AS avg_networks
FROM audit_searches
GROUP BY ALL;

CREATE OR REPLACE VIEW immigration_searches_by_org AS
SELECT org_name, count(*) AS immigration_searches,
       min(searched_at) AS first_search, max(searched_at) AS last_search,
       list(DISTINCT doc_id) AS sources
FROM audit_searches
WHERE immigration
GROUP BY ALL;
