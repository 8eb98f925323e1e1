-- Version 2: how each page's text was read, where its words sit, and which of its
-- lines are page furniture (running headers/footers, Bates stamps, page numbers).

ALTER TABLE pages ADD COLUMN IF NOT EXISTS rotation_deg INTEGER;   -- clockwise turn applied before OCR: 0, 90, 180, 270
ALTER TABLE pages ADD COLUMN IF NOT EXISTS skew_deg DOUBLE;        -- deskew angle corrected before OCR, degrees
ALTER TABLE pages ADD COLUMN IF NOT EXISTS ocr_dpi INTEGER;        -- resolution the page was OCR'd at
ALTER TABLE pages ADD COLUMN IF NOT EXISTS preprocess VARCHAR;     -- image clean-up applied before OCR: none, flatten_background
ALTER TABLE pages ADD COLUMN IF NOT EXISTS columns INTEGER;        -- text columns found (reading order rebuilt when > 1)

CREATE TABLE IF NOT EXISTS page_words (
    doc_id      VARCHAR NOT NULL,
    page_no     INTEGER NOT NULL,
    word_no     INTEGER NOT NULL,            -- 0-based, in page text order
    char_start  INTEGER NOT NULL,            -- pages.text[char_start:char_end] is the word
    char_end    INTEGER NOT NULL,
    x0 DOUBLE, y0 DOUBLE, x1 DOUBLE, y1 DOUBLE,  -- points from the top-left of the upright page
    confidence  DOUBLE,                      -- tesseract word confidence, 0-100
    PRIMARY KEY (doc_id, page_no, word_no)
);

CREATE TABLE IF NOT EXISTS page_furniture (
    doc_id      VARCHAR NOT NULL,
    page_no     INTEGER NOT NULL,
    kind        VARCHAR NOT NULL,            -- header, footer, bates, page_number
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL,
    text        VARCHAR                      -- pages.text[char_start:char_end]
);
