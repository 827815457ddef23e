import Testing
@testable import FloWorxStore

@Suite struct SQLStatementSplitterTests {
    @Test func splitsOnTopLevelSemicolons() {
        #expect(SQLStatementSplitter.split("SELECT 1; SELECT 2;\nSELECT 3") == ["SELECT 1", "SELECT 2", "SELECT 3"])
    }

    @Test func keepsSemicolonsInsideStringsIdentifiersAndComments() {
        let sql = """
            -- a comment; with a semicolon
            SELECT 'a;b', "odd;name", E'it\\'s; fine' /* block; /* nested; */ still */ FROM t;
            SELECT 'it''s; ok';
            """
        let statements = SQLStatementSplitter.split(sql)
        #expect(statements.count == 2)
        #expect(statements[0].hasPrefix("-- a comment; with a semicolon\nSELECT 'a;b'"))
        #expect(statements[0].hasSuffix("FROM t"))
        #expect(statements[1] == "SELECT 'it''s; ok'")
    }

    @Test func keepsDollarQuotedBodiesWhole() {
        let sql = """
            CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;
            DO $body$ BEGIN PERFORM 1; PERFORM $$x;$$; END $body$;
            SELECT $1::int;
            """
        let statements = SQLStatementSplitter.split(sql)
        #expect(statements.count == 3)
        #expect(statements[0].hasSuffix("LANGUAGE plpgsql"))
        #expect(statements[1] == "DO $body$ BEGIN PERFORM 1; PERFORM $$x;$$; END $body$")
        #expect(statements[2] == "SELECT $1::int")
    }

    @Test func dropsCommentOnlyAndEmptyPieces() {
        #expect(SQLStatementSplitter.split("-- only a comment\n;;  ;\n/* x */") == [])
    }
}
