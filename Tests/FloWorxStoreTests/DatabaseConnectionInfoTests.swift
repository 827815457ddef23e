import Testing
import FloWorxStore

@Suite struct DatabaseConnectionInfoTests {
    @Test func parsesAFullURL() throws {
        let info = try DatabaseConnectionInfo(url: "postgres://app%40x:p%2Fss@db.example.com:6543/floworx_prod?sslmode=require")
        #expect(info.host == "db.example.com")
        #expect(info.port == 6543)
        #expect(info.username == "app@x")
        #expect(info.password == "p/ss")
        #expect(info.database == "floworx_prod")
        #expect(info.tls == .require)
        #expect(info.description == "postgres://app@x@db.example.com:6543/floworx_prod")
    }

    @Test func defaultsPortDatabaseAndTLS() throws {
        let info = try DatabaseConnectionInfo(url: "postgresql://alice@localhost")
        #expect(info.port == 5432)
        #expect(info.database == "alice")
        #expect(info.password == nil)
        #expect(info.tls == .prefer)
    }

    @Test(arguments: ["mysql://x@y/z", "not a url", "postgres:///nohost", "postgres://h/db?sslmode=bogus"])
    func rejectsWhatIsNotAPostgresURL(_ url: String) {
        #expect(throws: StoreError.self) { try DatabaseConnectionInfo(url: url) }
    }
}
