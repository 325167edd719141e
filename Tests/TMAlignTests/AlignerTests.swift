import Testing
@testable import TMAlign
