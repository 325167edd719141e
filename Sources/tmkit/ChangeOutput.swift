import TMKit
import TMMemory

/// Prints a change as a table or JSON.
func printChange(_ change: MemoryChange, format: OutputFormat) throws {
    switch format {
    case .json: print(try JSONOutput.string(change))
    case .table: for line in ChangeReport.lines(change) { print(line) }
    }
}
