import Foundation
import GRDB
import TMMemory
import TMText

/// The schema: numbered migrations, applied in order (GRDB's migrator).
extension SQLiteMemory {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-units-and-index") { db in
            try db.execute(sql: """
                CREATE TABLE imports(
                    id INTEGER PRIMARY KEY,
                    file_name TEXT NOT NULL,
                    format TEXT NOT NULL,
                    sha256 TEXT NOT NULL UNIQUE,
                    imported_at INTEGER NOT NULL,
                    user TEXT,
                    added INTEGER NOT NULL DEFAULT 0,
                    duplicates INTEGER NOT NULL DEFAULT 0,
                    skipped INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE documents(
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    import_id INTEGER REFERENCES imports(id),
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE units(
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    en TEXT NOT NULL,
                    zh TEXT NOT NULL,
                    en_norm TEXT NOT NULL,
                    zh_norm TEXT NOT NULL,
                    en_hash INTEGER NOT NULL,
                    zh_hash INTEGER NOT NULL,
                    en_tokens INTEGER NOT NULL,
                    zh_tokens INTEGER NOT NULL,
                    origin TEXT NOT NULL,
                    import_id INTEGER REFERENCES imports(id),
                    document_id INTEGER REFERENCES documents(id),
                    position INTEGER,
                    confidence REAL,
                    created_at INTEGER NOT NULL,
                    changed_at INTEGER NOT NULL,
                    changed_by TEXT,
                    provenance TEXT,
                    UNIQUE(en_hash, zh_hash)
                );
                CREATE INDEX units_by_document ON units(document_id);
                CREATE TABLE terms(
                    lang INTEGER NOT NULL,
                    hash INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    PRIMARY KEY(lang, hash)
                ) WITHOUT ROWID;
                CREATE TABLE postings(
                    lang INTEGER NOT NULL,
                    term INTEGER NOT NULL,
                    import_id INTEGER NOT NULL,
                    unit_ids BLOB NOT NULL,
                    PRIMARY KEY(lang, term, import_id)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2-glossary") { db in
            try db.execute(sql: """
                CREATE TABLE glossary(
                    id INTEGER PRIMARY KEY,
                    en TEXT NOT NULL,
                    zh TEXT NOT NULL,
                    status TEXT NOT NULL,
                    pos TEXT NOT NULL DEFAULT '',
                    note TEXT NOT NULL DEFAULT '',
                    source TEXT NOT NULL,
                    en_key TEXT NOT NULL,
                    zh_key TEXT NOT NULL,
                    UNIQUE(en_key, zh_key)
                );
                CREATE INDEX glossary_by_zh ON glossary(zh_key);
                CREATE INDEX glossary_by_source ON glossary(source);
                CREATE TABLE glossary_sources(
                    source TEXT PRIMARY KEY,
                    sha256 TEXT NOT NULL,
                    synced_at INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v3-unit-positions") { db in
            // Context matches look units up by their place in a document.
            try db.execute(sql: """
                CREATE INDEX units_by_position ON units(document_id, position);
                DROP INDEX units_by_document;
                """)
        }
        migrator.registerMigration("v4-units-plain-rowid") { db in
            // AUTOINCREMENT cost a sqlite_sequence update per inserted unit (about
            // a tenth of a large import). Units are never deleted, so the plain
            // rowid (the largest id plus one) gives the same ids.
            try db.execute(sql: """
                CREATE TABLE units_v4(
                    id INTEGER PRIMARY KEY,
                    en TEXT NOT NULL,
                    zh TEXT NOT NULL,
                    en_norm TEXT NOT NULL,
                    zh_norm TEXT NOT NULL,
                    en_hash INTEGER NOT NULL,
                    zh_hash INTEGER NOT NULL,
                    en_tokens INTEGER NOT NULL,
                    zh_tokens INTEGER NOT NULL,
                    origin TEXT NOT NULL,
                    import_id INTEGER REFERENCES imports(id),
                    document_id INTEGER REFERENCES documents(id),
                    position INTEGER,
                    confidence REAL,
                    created_at INTEGER NOT NULL,
                    changed_at INTEGER NOT NULL,
                    changed_by TEXT,
                    provenance TEXT,
                    UNIQUE(en_hash, zh_hash)
                );
                INSERT INTO units_v4 SELECT id, en, zh, en_norm, zh_norm, en_hash, zh_hash, en_tokens, zh_tokens, origin,
                    import_id, document_id, position, confidence, created_at, changed_at, changed_by, provenance FROM units;
                DROP TABLE units;
                ALTER TABLE units_v4 RENAME TO units;
                CREATE INDEX units_by_position ON units(document_id, position);
                DELETE FROM sqlite_sequence WHERE name = 'units';
                """)
        }
        migrator.registerMigration("v5-units-without-normalized-text") { db in
            // The normalized sides are a function of the text, computed in well
            // under a microsecond when a lookup verifies a candidate. Storing them
            // made the memory a quarter larger and a large import an eighth slower.
            try db.execute(sql: """
                ALTER TABLE units DROP COLUMN en_norm;
                ALTER TABLE units DROP COLUMN zh_norm;
                """)
        }
        migrator.registerMigration("v6-maintenance") { db in
            // Units can change: a version per unit (conflicting edits), imports
            // that can be undone, the other imports that brought a stored pair
            // again, the history of every change (`changes`, one row per
            // command; `change_units`, each unit before and after, as JSON),
            // and penalties per origin or import (`penalties`, scope "origin:aligned" or "import:12").
            try db.execute(sql: """
                ALTER TABLE units ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE imports ADD COLUMN undone_at INTEGER;
                ALTER TABLE imports ADD COLUMN undone_by TEXT;
                CREATE TABLE unit_sources(
                    unit_id INTEGER NOT NULL,
                    import_id INTEGER NOT NULL REFERENCES imports(id),
                    PRIMARY KEY(unit_id, import_id)
                ) WITHOUT ROWID;
                CREATE INDEX unit_sources_by_import ON unit_sources(import_id);
                CREATE TABLE changes(
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    user TEXT NOT NULL,
                    command TEXT NOT NULL,
                    import_id INTEGER,
                    revert_of INTEGER,
                    reverted_by INTEGER
                );
                CREATE TABLE change_units(
                    change_id INTEGER NOT NULL REFERENCES changes(id),
                    seq INTEGER NOT NULL,
                    unit_id INTEGER NOT NULL,
                    before TEXT,
                    after TEXT,
                    PRIMARY KEY(change_id, seq)
                ) WITHOUT ROWID;
                CREATE INDEX change_units_by_unit ON change_units(unit_id, change_id);
                CREATE TABLE penalties(
                    scope TEXT PRIMARY KEY,
                    points INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v7-lexicons") { db in
            // Dictionaries for the aligner, stored once (`tmkit lexicon import`).
            try db.execute(sql: """
                CREATE TABLE lexicons(
                    name TEXT PRIMARY KEY,
                    content BLOB NOT NULL,
                    imported_at INTEGER NOT NULL,
                    user TEXT
                );
                """)
        }
        migrator.registerMigration("v8-jobs") { db in
            // Articles being translated (`tmkit job`): each job files the units it
            // confirms under an import and a document of its own.
            try db.execute(sql: """
                CREATE TABLE jobs(
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    document_name TEXT NOT NULL,
                    format TEXT NOT NULL,
                    import_id INTEGER NOT NULL REFERENCES imports(id),
                    document_id INTEGER NOT NULL REFERENCES documents(id),
                    previous_job INTEGER REFERENCES jobs(id),
                    created_at INTEGER NOT NULL,
                    created_by TEXT NOT NULL
                );
                CREATE INDEX jobs_by_document ON jobs(document_name, id);
                CREATE TABLE job_segments(
                    job_id INTEGER NOT NULL REFERENCES jobs(id),
                    n INTEGER NOT NULL,
                    block INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    en TEXT NOT NULL,
                    zh TEXT NOT NULL,
                    status TEXT NOT NULL,
                    match TEXT,
                    score INTEGER,
                    unit_id INTEGER,
                    version INTEGER NOT NULL,
                    changed_by TEXT,
                    changed_at INTEGER,
                    words INTEGER NOT NULL,
                    PRIMARY KEY(job_id, n)
                ) WITHOUT ROWID;
                CREATE INDEX job_segments_by_source ON job_segments(job_id, en);
                """)
        }
        migrator.registerMigration("v9-shared-unit-placement") { db in
            // Where a unit stands in each later document that brought it again
            // (see `DocumentPlacement`): that document exports whole.
            try db.execute(sql: """
                ALTER TABLE unit_sources ADD COLUMN position INTEGER;
                ALTER TABLE unit_sources ADD COLUMN block INTEGER;
                ALTER TABLE unit_sources ADD COLUMN kind TEXT;
                """)
        }
        migrator.registerMigration("v10-glossary-removals") { db in
            // The glossary's history: every entry a sync or a replaced source took out.
            try db.execute(sql: """
                CREATE TABLE glossary_removals(
                    id INTEGER PRIMARY KEY,
                    removed_at INTEGER NOT NULL,
                    removed_by TEXT,
                    en TEXT NOT NULL,
                    zh TEXT NOT NULL,
                    status TEXT NOT NULL,
                    pos TEXT NOT NULL,
                    note TEXT NOT NULL,
                    source TEXT NOT NULL,
                    restored_at INTEGER
                );
                """)
        }
        return migrator
    }()
}
