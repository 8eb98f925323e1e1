-- Comparison views. Recreated every time the warehouse is opened for writing, so
-- they always match the installed alpr-foia. Researchers: query these, or the
-- tables underneath; every row keeps a way back to doc_id and page_no.
--
-- Layers: *_facts views give one row per extracted statement with its agency and a
-- readable file name; *_by_* views aggregate them per agency; agency_profile joins
-- the aggregates into one row per agency.

CREATE OR REPLACE VIEW document_agency AS
SELECT d.doc_id, d.doc_type, d.state AS doc_state,
       coalesce(d.agency_id, 'unknown') AS agency_id,
       coalesce(a.name, 'Unknown agency') AS agency_name,
       coalesce(a.state, d.state) AS state,
       a.kind AS agency_kind
FROM documents d LEFT JOIN agencies a ON a.agency_id = d.agency_id;

-- A readable name per document: the file name of the first path it was seen under
-- (zip members by their own name), or the start of the sha256 when no path is known.
CREATE OR REPLACE VIEW document_names AS
SELECT d.doc_id,
       coalesce(nullif(regexp_extract(p.path, '[^/!]+$'), ''), substr(d.doc_id, 1, 12))
           AS file_name,
       p.path AS first_path,
       p.paths
FROM documents d
LEFT JOIN (SELECT doc_id, min(path) AS path, count(*) AS paths
           FROM document_paths GROUP BY doc_id) p USING (doc_id);

-- ---------------------------------------------------------------- retention

CREATE OR REPLACE VIEW retention_facts AS
SELECT da.agency_id, da.agency_name, da.state, da.doc_type, r.doc_id, dn.file_name,
       r.page_no, r.days, r.raw, coalesce(r.applies_to, 'other') AS applies_to,
       r.quote, r.char_start, r.char_end, r.confidence
FROM retention_periods r
JOIN document_agency da USING (doc_id)
JOIN document_names dn USING (doc_id);

-- Two documents of one agency that state different periods for the same data
-- (e.g. a policy's 30 days against a contract's 365). A pair is listed only when
-- one of the two documents does not state the other's period at all.
CREATE OR REPLACE VIEW retention_disagreements AS
SELECT a.agency_id, a.agency_name, a.state, a.applies_to,
       a.doc_id AS doc_id_a, a.doc_type AS doc_type_a, a.file_name AS file_a,
       a.page_no AS page_a, a.days AS days_a, a.quote AS quote_a,
       b.doc_id AS doc_id_b, b.doc_type AS doc_type_b, b.file_name AS file_b,
       b.page_no AS page_b, b.days AS days_b, b.quote AS quote_b
FROM retention_facts a
JOIN retention_facts b
  ON a.agency_id = b.agency_id AND a.applies_to = b.applies_to
 AND a.doc_id <> b.doc_id AND a.days < b.days
WHERE NOT EXISTS (SELECT 1 FROM retention_facts x
                  WHERE x.doc_id = a.doc_id AND x.applies_to = a.applies_to
                    AND x.days = b.days)
   OR NOT EXISTS (SELECT 1 FROM retention_facts x
                  WHERE x.doc_id = b.doc_id AND x.applies_to = b.applies_to
                    AND x.days = a.days);

-- One row per agency and kind of data. documents_disagree: the agency's documents
-- do not all state the same set of periods (see retention_disagreements for pairs).
-- shortest_* / longest_* point at the statement behind min_days / max_days.
CREATE OR REPLACE VIEW retention_by_agency AS
WITH per_doc AS (
    SELECT agency_id, applies_to, doc_id, list(DISTINCT days ORDER BY days) AS days_set
    FROM retention_facts WHERE days IS NOT NULL
    GROUP BY agency_id, applies_to, doc_id
), verdict AS (
    SELECT agency_id, applies_to, count(DISTINCT days_set) > 1 AS documents_disagree
    FROM per_doc GROUP BY agency_id, applies_to
)
SELECT f.agency_id, f.agency_name, f.state, f.applies_to,
       min(f.days) AS min_days, max(f.days) AS max_days,
       coalesce(any_value(v.documents_disagree), false) AS documents_disagree,
       count(*) AS statements, count(DISTINCT f.doc_id) AS documents,
       list(DISTINCT f.days ORDER BY f.days) FILTER (WHERE f.days IS NOT NULL) AS days_values,
       arg_min(f.doc_id, (f.days, f.doc_id, f.page_no)) AS shortest_doc_id,
       arg_min(f.file_name, (f.days, f.doc_id, f.page_no)) AS shortest_file,
       arg_min(f.page_no, (f.days, f.doc_id, f.page_no)) AS shortest_page_no,
       arg_min(f.quote, (f.days, f.doc_id, f.page_no)) AS shortest_quote,
       arg_max(f.doc_id, (f.days, f.doc_id, f.page_no)) AS longest_doc_id,
       arg_max(f.file_name, (f.days, f.doc_id, f.page_no)) AS longest_file,
       arg_max(f.page_no, (f.days, f.doc_id, f.page_no)) AS longest_page_no,
       arg_max(f.quote, (f.days, f.doc_id, f.page_no)) AS longest_quote,
       list(DISTINCT f.file_name || ' p.' || coalesce(CAST(f.page_no AS VARCHAR), '?'))
           AS sources
FROM retention_facts f
LEFT JOIN verdict v ON v.agency_id = f.agency_id AND v.applies_to = f.applies_to
GROUP BY f.agency_id, f.agency_name, f.state, f.applies_to;

-- ---------------------------------------------------------------- sharing

-- One row per clause and recipient category (a clause naming two recipients gives
-- two rows). stance_rank orders stances from most to least restrictive.
CREATE OR REPLACE VIEW sharing_facts AS
SELECT da.agency_id, da.agency_name, da.state, da.doc_type, s.doc_id, dn.file_name,
       s.page_no, recipient, s.stance,
       CASE s.stance WHEN 'prohibits' THEN 3 WHEN 'conditional' THEN 2
                     WHEN 'permits' THEN 1 ELSE 0 END AS stance_rank,
       s.quote, s.char_start, s.char_end, s.confidence
FROM sharing_clauses s
JOIN document_agency da USING (doc_id)
JOIN document_names dn USING (doc_id),
     unnest(CASE WHEN s.recipients IS NULL OR len(s.recipients) = 0 THEN ['other']
                 ELSE s.recipients END) AS t(recipient);

-- One row per agency, recipient category and stance.
CREATE OR REPLACE VIEW sharing_matrix AS
SELECT agency_id, agency_name, state, recipient, stance,
       count(*) AS clauses,
       min(quote) AS example_quote,
       arg_min(doc_id, (doc_id, page_no, char_start)) AS first_doc_id,
       arg_min(file_name, (doc_id, page_no, char_start)) AS first_file,
       arg_min(page_no, (doc_id, page_no, char_start)) AS first_page_no,
       arg_min(quote, (doc_id, page_no, char_start)) AS first_quote,
       list(DISTINCT file_name || ' p.' || coalesce(CAST(page_no AS VARCHAR), '?')) AS sources
FROM sharing_facts
GROUP BY agency_id, agency_name, state, recipient, stance;

-- One row per agency and recipient category: the strongest (most restrictive)
-- stance any document takes, its quote and page, and whether documents conflict
-- (one permits what another prohibits).
CREATE OR REPLACE VIEW sharing_by_recipient AS
SELECT agency_id, agency_name, state, recipient,
       arg_max(stance, (stance_rank, confidence, doc_id, page_no)) AS strongest_stance,
       arg_max(quote, (stance_rank, confidence, doc_id, page_no)) AS strongest_quote,
       arg_max(doc_id, (stance_rank, confidence, doc_id, page_no)) AS strongest_doc_id,
       arg_max(file_name, (stance_rank, confidence, doc_id, page_no)) AS strongest_file,
       arg_max(page_no, (stance_rank, confidence, doc_id, page_no)) AS strongest_page_no,
       list(DISTINCT stance ORDER BY stance) AS stances,
       bool_or(stance = 'permits') AND bool_or(stance = 'prohibits') AS conflicting,
       count(*) AS clauses, count(DISTINCT doc_id) AS documents,
       list(DISTINCT file_name || ' p.' || coalesce(CAST(page_no AS VARCHAR), '?')) AS sources
FROM sharing_facts
GROUP BY agency_id, agency_name, state, recipient;

-- ---------------------------------------------------------------- vendors

CREATE OR REPLACE VIEW vendor_facts AS
SELECT da.agency_id, da.agency_name, da.state, da.doc_type, v.doc_id, dn.file_name,
       v.page_no, v.vendor, v.mention, v.quote, v.char_start, v.char_end, v.confidence
FROM vendors v
JOIN document_agency da USING (doc_id)
JOIN document_names dn USING (doc_id);

-- Priced terms with the vendors named in the same document (a contract naming two
-- companies lists both).
CREATE OR REPLACE VIEW contract_terms_by_agency AS
SELECT da.agency_id, da.agency_name, da.state, da.doc_type, c.doc_id, dn.file_name,
       c.page_no, c.term, c.value, c.unit, c.quote, c.char_start, c.char_end,
       (SELECT list(DISTINCT v.vendor ORDER BY v.vendor) FROM vendors v
         WHERE v.doc_id = c.doc_id) AS vendors
FROM contract_terms c
JOIN document_agency da USING (doc_id)
JOIN document_names dn USING (doc_id);

-- One row per agency and vendor. Contract terms come from the documents that name
-- the vendor; when several documents price the same term the largest value is kept.
CREATE OR REPLACE VIEW vendors_by_agency AS
WITH terms AS (
    SELECT da.agency_id, v.vendor, c.term, max(c.value) AS value,
           arg_max(c.doc_id, (c.value, c.doc_id)) AS doc_id,
           arg_max(c.page_no, (c.value, c.doc_id)) AS page_no
    FROM contract_terms c
    JOIN document_agency da USING (doc_id)
    JOIN (SELECT DISTINCT doc_id, vendor FROM vendors) v USING (doc_id)
    GROUP BY da.agency_id, v.vendor, c.term
), priced AS (
    SELECT agency_id, vendor,
           any_value(value) FILTER (WHERE term = 'total_price') AS total_price,
           any_value(value) FILTER (WHERE term = 'camera_count') AS camera_count,
           any_value(value) FILTER (WHERE term = 'term_months') AS term_months,
           count(*) AS contract_terms
    FROM terms GROUP BY agency_id, vendor
)
SELECT f.agency_id, f.agency_name, f.state, f.vendor,
       count(*) AS mentions, count(DISTINCT f.doc_id) AS documents,
       count(DISTINCT f.doc_id) FILTER (WHERE f.doc_type = 'contract') AS contract_documents,
       any_value(p.total_price) AS total_price,
       any_value(p.camera_count) AS camera_count,
       any_value(p.term_months) AS term_months,
       coalesce(any_value(p.contract_terms), 0) AS contract_terms,
       arg_min(f.doc_id, (f.doc_id, f.page_no, f.char_start)) AS first_doc_id,
       arg_min(f.file_name, (f.doc_id, f.page_no, f.char_start)) AS first_file,
       arg_min(f.page_no, (f.doc_id, f.page_no, f.char_start)) AS first_page_no,
       arg_min(f.quote, (f.doc_id, f.page_no, f.char_start)) AS first_quote,
       list(DISTINCT f.file_name || ' p.' || coalesce(CAST(f.page_no AS VARCHAR), '?'))
           AS sources
FROM vendor_facts f
LEFT JOIN priced p ON p.agency_id = f.agency_id AND p.vendor = f.vendor
GROUP BY f.agency_id, f.agency_name, f.state, f.vendor;

-- ---------------------------------------------------------------- denials

CREATE OR REPLACE VIEW denial_facts AS
SELECT da.agency_id, da.agency_name, da.state, da.doc_type, dn_.doc_id, nm.file_name,
       dn_.page_no, dn_.kind,
       coalesce(dn_.citation_normalized, dn_.citation, '(none)') AS citation,
       dn_.citation AS citation_as_written,
       dn_.quote, dn_.char_start, dn_.char_end, dn_.confidence
FROM denials dn_
JOIN document_agency da USING (doc_id)
JOIN document_names nm USING (doc_id);

-- One row per citation, kind and agency.
CREATE OR REPLACE VIEW denials_by_citation AS
SELECT citation, kind, agency_id, agency_name, state,
       count(*) AS denials, count(DISTINCT doc_id) AS documents,
       arg_min(quote, (doc_id, page_no, char_start)) AS example_quote,
       arg_min(doc_id, (doc_id, page_no, char_start)) AS example_doc_id,
       arg_min(file_name, (doc_id, page_no, char_start)) AS example_file,
       arg_min(page_no, (doc_id, page_no, char_start)) AS example_page_no,
       list(DISTINCT file_name || ' p.' || coalesce(CAST(page_no AS VARCHAR), '?')) AS sources
FROM denial_facts
GROUP BY citation, kind, agency_id, agency_name, state;

-- One row per agency and kind of denial.
CREATE OR REPLACE VIEW denials_by_agency AS
SELECT agency_id, agency_name, state, kind,
       count(*) AS denials, count(DISTINCT doc_id) AS documents,
       list(DISTINCT citation ORDER BY citation) FILTER (WHERE citation <> '(none)')
           AS citations,
       arg_min(quote, (doc_id, page_no, char_start)) AS example_quote,
       arg_min(doc_id, (doc_id, page_no, char_start)) AS example_doc_id,
       arg_min(file_name, (doc_id, page_no, char_start)) AS example_file,
       arg_min(page_no, (doc_id, page_no, char_start)) AS example_page_no,
       list(DISTINCT file_name || ' p.' || coalesce(CAST(page_no AS VARCHAR), '?')) AS sources
FROM denial_facts
GROUP BY agency_id, agency_name, state, kind;

-- ---------------------------------------------------------------- audit logs

-- Every search event with the agency whose log it came from (log_agency_*);
-- org_name is the organisation that ran the search, often another agency.
CREATE OR REPLACE VIEW audit_search_facts AS
SELECT a.doc_id, dn.file_name, a.row_no, a.page_no, a.search_id, a.org_name, a."user",
       a.searched_at, date_trunc('month', a.searched_at) AS month, a.reason,
       a.reason_category, a.case_number, a.networks, a.devices, a.search_type,
       coalesce(a.immigration, false) AS immigration,
       da.agency_id AS log_agency_id, da.agency_name AS log_agency_name, da.state AS log_state
FROM audit_searches a
JOIN document_agency da USING (doc_id)
JOIN document_names dn USING (doc_id);

CREATE OR REPLACE VIEW audit_searches_by_org_month AS
SELECT org_name, month,
       count(*) AS searches,
       count(*) FILTER (WHERE immigration) AS immigration_searches,
       count(*) FILTER (WHERE reason_category IN ('vague', 'empty')) AS vague_searches,
       avg(networks) AS avg_networks,
       list(DISTINCT log_agency_name ORDER BY log_agency_name) AS log_agencies,
       list(DISTINCT file_name ORDER BY file_name) AS sources
FROM audit_search_facts
GROUP BY org_name, month;

CREATE OR REPLACE VIEW immigration_searches_by_org AS
SELECT org_name, count(*) AS immigration_searches,
       min(searched_at) AS first_search, max(searched_at) AS last_search,
       list(DISTINCT doc_id) AS sources,
       list(DISTINCT file_name ORDER BY file_name) AS files,
       arg_min(reason, (searched_at, doc_id, row_no)) AS first_reason,
       arg_min(doc_id, (searched_at, doc_id, row_no)) AS first_doc_id,
       arg_min(row_no, (searched_at, doc_id, row_no)) AS first_row_no,
       arg_min(page_no, (searched_at, doc_id, row_no)) AS first_page_no
FROM audit_search_facts
WHERE immigration
GROUP BY org_name;

-- ---------------------------------------------------------------- per agency

-- One row per agency (plus 'unknown' for documents no agency was resolved for).
-- immigration_searches_run counts searches whose org_name is the agency's name or
-- one of its aliases, in any agency's log. contract_total_price adds up the
-- largest total_price stated in each of the agency's documents.
CREATE OR REPLACE VIEW agency_profile AS
WITH docs AS (
    SELECT agency_id, any_value(agency_name) AS agency_name, any_value(state) AS state,
           any_value(agency_kind) AS kind, count(*) AS documents,
           list(DISTINCT doc_type ORDER BY doc_type) FILTER (WHERE doc_type IS NOT NULL)
               AS doc_types
    FROM document_agency GROUP BY agency_id
), alpr AS (
    SELECT agency_id, min_days AS alpr_min_days, max_days AS alpr_max_days,
           documents_disagree AS alpr_retention_disagree
    FROM retention_by_agency WHERE applies_to = 'alpr_data'
), ret AS (
    SELECT agency_id, min(min_days) AS retention_min_days, max(max_days) AS retention_max_days,
           bool_or(documents_disagree) AS retention_disagree
    FROM retention_by_agency GROUP BY agency_id
), shr AS (
    SELECT agency_id,
           list(recipient ORDER BY recipient) FILTER (WHERE strongest_stance = 'permits')
               AS permits_to,
           list(recipient ORDER BY recipient) FILTER (WHERE strongest_stance = 'conditional')
               AS conditional_to,
           list(recipient ORDER BY recipient) FILTER (WHERE strongest_stance = 'prohibits')
               AS prohibits_to,
           list(recipient ORDER BY recipient) FILTER (WHERE conflicting) AS conflicting_on,
           any_value(strongest_stance) FILTER (WHERE recipient = 'federal') AS federal_stance,
           any_value(strongest_stance) FILTER (WHERE recipient = 'immigration')
               AS immigration_stance,
           any_value(strongest_stance) FILTER (WHERE recipient = 'out_of_state')
               AS out_of_state_stance
    FROM sharing_by_recipient GROUP BY agency_id
), ven AS (
    SELECT agency_id, list(vendor ORDER BY mentions DESC, vendor) AS vendors
    FROM vendors_by_agency GROUP BY agency_id
), price AS (
    SELECT agency_id, sum(doc_price) AS contract_total_price
    FROM (SELECT agency_id, doc_id, max(value) AS doc_price FROM contract_terms_by_agency
          WHERE term = 'total_price' GROUP BY agency_id, doc_id)
    GROUP BY agency_id
), den AS (
    SELECT agency_id, count(*) AS denials,
           list(DISTINCT citation ORDER BY citation) FILTER (WHERE citation <> '(none)')
               AS denial_citations
    FROM denial_facts GROUP BY agency_id
), logs AS (
    SELECT log_agency_id AS agency_id, count(*) AS audit_searches_in_logs,
           count(*) FILTER (WHERE immigration) AS immigration_searches_in_logs
    FROM audit_search_facts GROUP BY log_agency_id
), ran AS (
    SELECT ag.agency_id, count(*) AS searches_run,
           count(*) FILTER (WHERE f.immigration) AS immigration_searches_run
    FROM agencies ag
    JOIN audit_search_facts f
      ON lower(trim(f.org_name)) = lower(ag.name)
      OR list_contains(list_transform(coalesce(ag.aliases, []), lambda x: lower(x)),
                       lower(trim(f.org_name)))
    GROUP BY ag.agency_id
)
SELECT d.agency_id, d.agency_name, d.state, d.kind, d.documents, d.doc_types,
       alpr.alpr_min_days, alpr.alpr_max_days,
       coalesce(alpr.alpr_retention_disagree, false) AS alpr_retention_disagree,
       ret.retention_min_days, ret.retention_max_days,
       coalesce(ret.retention_disagree, false) AS retention_disagree,
       shr.permits_to, shr.conditional_to, shr.prohibits_to, shr.conflicting_on,
       shr.federal_stance, shr.immigration_stance, shr.out_of_state_stance,
       ven.vendors, price.contract_total_price,
       coalesce(den.denials, 0) AS denials, den.denial_citations,
       coalesce(logs.audit_searches_in_logs, 0) AS audit_searches_in_logs,
       coalesce(logs.immigration_searches_in_logs, 0) AS immigration_searches_in_logs,
       coalesce(ran.searches_run, 0) AS searches_run,
       coalesce(ran.immigration_searches_run, 0) AS immigration_searches_run
FROM docs d
LEFT JOIN alpr USING (agency_id)
LEFT JOIN ret USING (agency_id)
LEFT JOIN shr USING (agency_id)
LEFT JOIN ven USING (agency_id)
LEFT JOIN price USING (agency_id)
LEFT JOIN den USING (agency_id)
LEFT JOIN logs USING (agency_id)
LEFT JOIN ran USING (agency_id);

-- ---------------------------------------------------------------- page regions

-- Where on the page each quoted fact sits: the box around the OCR words its char
-- span covers, in points from the top-left of the upright page (pages.rotation_deg
-- says how the scan was turned). Only OCR'd pages have word boxes, so facts quoted
-- from a text layer do not appear here.
CREATE OR REPLACE VIEW fact_regions AS
WITH facts AS (
    SELECT 'vendors' AS fact_table, doc_id, page_no, char_start, char_end, quote FROM vendors
    UNION ALL
    SELECT 'retention_periods', doc_id, page_no, char_start, char_end, quote FROM retention_periods
    UNION ALL
    SELECT 'sharing_clauses', doc_id, page_no, char_start, char_end, quote FROM sharing_clauses
    UNION ALL
    SELECT 'denials', doc_id, page_no, char_start, char_end, quote FROM denials
    UNION ALL
    SELECT 'contract_terms', doc_id, page_no, char_start, char_end, quote FROM contract_terms
    UNION ALL
    SELECT 'hotlists', doc_id, page_no, char_start, char_end, quote FROM hotlists
)
SELECT f.fact_table, f.doc_id, f.page_no, f.char_start, f.char_end, f.quote,
       min(w.x0) AS x0, min(w.y0) AS y0, max(w.x1) AS x1, max(w.y1) AS y1,
       count(*) AS words
FROM facts f
JOIN page_words w
  ON w.doc_id = f.doc_id AND w.page_no = f.page_no
 AND w.char_start < f.char_end AND w.char_end > f.char_start
GROUP BY f.fact_table, f.doc_id, f.page_no, f.char_start, f.char_end, f.quote;
