import Foundation
import Testing

private func scratch() throws -> String {
    let path = NSTemporaryDirectory() + "tmkit-reliability-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

private func writePairs(_ path: String, count: Int, from start: Int = 0) throws {
    let rows = (start..<start + count).map { "Market \($0) opens early on Friday.\t第\($0)号市场周五提早开门。" }
    try Data(("en\tzh\n" + rows.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
}

/// Starts a Python script on a database (Python's sqlite3 module stands in
/// for another program using the file).
private func startPython(_ script: String, _ db: String, output: Pipe? = nil) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, db]
    if let output { process.standardOutput = output }
    try process.run()
    return process
}

private func runPython(_ script: String, _ db: String) throws {
    let process = try startPython(script, db)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "python: \(script)")
}

/// A scratch folder with a memory `tm.sqlite` holding `count` imported pairs.
private func memoryWithPairs(_ tmkit: TMKitBinary, count: Int) throws -> (dir: String, db: String) {
    let dir = try scratch()
    let db = dir + "/tm.sqlite"
    try writePairs(dir + "/a.tsv", count: count)
    #expect(try tmkit.run(["import", "tsv", "--db", db, dir + "/a.tsv"]).status == 0)
    return (dir, db)
}

/// Units in a memory, read with the stats command.
private func units(_ tmkit: TMKitBinary, _ db: String) throws -> Int {
    let out = try tmkit.run(["stats", "--db", db, "--format", "json"]).out
    guard let data = out.data(using: .utf8), let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
          let count = object["units"] as? Int else { return -1 }
    return count
}

@Suite("Command line: reliability", .serialized)
struct ReliabilityCommandTests {
    @Test func checkBackupAndRestore() throws {
        let tmkit = try TMKitBinary()
        let (dir, db) = try memoryWithPairs(tmkit, count: 40)
        let check = try tmkit.run(["check", "--db", db])
        #expect(check.status == 0 && check.out.contains("checked 40 units") && check.out.contains("ok"))

        let backup = try tmkit.run(["backup", "--db", db, dir + "/copy.sqlite"])
        #expect(backup.status == 0)
        #expect(try tmkit.run(["backup", "--db", db, dir + "/copy.sqlite"]).status == 2)  // never overwrites
        try writePairs(dir + "/b.tsv", count: 5, from: 900)
        #expect(try tmkit.run(["import", "tsv", "--db", db, dir + "/b.tsv"]).status == 0)
        #expect(try units(tmkit, db) == 45)
        let restore = try tmkit.run(["restore", "--db", db, dir + "/copy.sqlite"])
        #expect(restore.status == 0, "\(restore.err)")
        #expect(try units(tmkit, db) == 40)
    }

    @Test func damagedMemoryFailsCheckAndRefusesWrites() throws {
        let tmkit = try TMKitBinary()
        let (dir, db) = try memoryWithPairs(tmkit, count: 3000)
        #expect(try tmkit.run(["backup", "--db", db, dir + "/good.sqlite"]).status == 0)
        let damaged = dir + "/damaged.sqlite"
        #expect(try tmkit.run(["backup", "--db", db, damaged]).status == 0)
        // Overwrite the middle of the file: index and table pages.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: damaged))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 40_000))
        try handle.close()

        let check = try tmkit.run(["check", "--db", damaged])
        #expect(check.status == 1, "\(check.out)\(check.err)")
        #expect(check.out.contains("problem:"))
        try writePairs(dir + "/b.tsv", count: 2, from: 9000)
        let refused = try tmkit.run(["import", "tsv", "--db", damaged, dir + "/b.tsv"])
        #expect(refused.status == 2)
        #expect(refused.err.contains("damaged") && refused.err.contains("tmkit restore"))

        let restored = try tmkit.run(["restore", "--db", damaged, dir + "/good.sqlite"])
        #expect(restored.status == 0, "\(restored.err)")
        #expect(try tmkit.run(["check", "--db", damaged]).status == 0)
        #expect(try units(tmkit, damaged) == 3000)
    }

    @Test func newerSchemaAndBusyWriterAreExitStatusTwo() throws {
        let tmkit = try TMKitBinary()
        let (dir, db) = try memoryWithPairs(tmkit, count: 10)

        // Another writer holds the lock (a sqlite3 session through Python's module).
        let lockOut = Pipe()
        let holder = try startPython("""
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(30)
            """, db, output: lockOut)
        defer { kill(holder.processIdentifier, SIGKILL); holder.waitUntilExit() }
        _ = lockOut.fileHandleForReading.availableData  // "locked"
        try writePairs(dir + "/b.tsv", count: 5, from: 100)
        let started = Date()
        let busy = try tmkit.run(["import", "tsv", "--db", db, dir + "/b.tsv"], environment: ["TMKIT_BUSY_TIMEOUT": "1"])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(busy.status == 2)
        #expect(busy.err.contains("busy"))
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        #expect(try units(tmkit, db) == 10)

        try runPython("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(\"INSERT INTO grdb_migrations VALUES ('v9-later')\"); c.commit()", db)
        for arguments in [["stats"], ["import", "tsv", dir + "/b.tsv"], ["check"]] {
            let result = try tmkit.run(arguments + ["--db", db])
            #expect(result.status == 2, "\(arguments)")
            #expect(result.err.contains("newer TMKit"))
        }
    }

    /// A read-only file or folder: root ignores permissions, so the command
    /// runs as the unprivileged user `nobody` when the tests run as root.
    @Test func readOnlyFileOrFolderIsExitStatusTwo() throws {
        let tmkit = try TMKitBinary()
        let (dir, db) = try memoryWithPairs(tmkit, count: 10)
        #expect(try tmkit.run(["backup", "--db", db, dir + "/ro.sqlite"]).status == 0)  // no WAL files beside it
        try writePairs(dir + "/b.tsv", count: 5, from: 100)
        let asRoot = getuid() == 0
        let nobody: UInt32 = 65534
        for path in [dir, dir + "/ro.sqlite", dir + "/a.tsv", dir + "/b.tsv"] {
            try FileManager.default.setAttributes([.posixPermissions: path == dir ? 0o555 : 0o444], ofItemAtPath: path)
        }
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir) }
        let command = [tmkit.url.path, "import", "tsv", "--db", dir + "/ro.sqlite", dir + "/b.tsv"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: asRoot ? "/usr/bin/setpriv" : command[0])
        process.arguments = asRoot ? ["--reuid=\(nobody)", "--regid=\(nobody)", "--clear-groups"] + command : Array(command.dropFirst())
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2, "\(message)")
        #expect(message.contains("read-only") || message.contains("writable"), "\(message)")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: dir + "/ro.sqlite")
        #expect(try units(tmkit, dir + "/ro.sqlite") == 10)
    }

    @Test func migrationBackupIsNamedInTheOutput() throws {
        let tmkit = try TMKitBinary()
        let (dir, db) = try memoryWithPairs(tmkit, count: 4)
        // Turn it back into a memory of an earlier release: undo the third migration.
        try runPython("""
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            c.execute("DELETE FROM grdb_migrations WHERE identifier = 'v3-unit-positions'")
            c.execute('DROP INDEX units_by_position'); c.execute('CREATE INDEX units_by_document ON units(document_id)'); c.commit()
            """, db)
        let stats = try tmkit.run(["stats", "--db", db])
        #expect(stats.status == 0)
        #expect(stats.err.contains("upgraded the memory's schema") && stats.err.contains(".before-v3-unit-positions-"))
        let copies = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".before-") }
        #expect(copies.count == 1)
        #expect(try tmkit.run(["check", "--db", dir + "/" + copies[0]]).status == 0)
    }
}
