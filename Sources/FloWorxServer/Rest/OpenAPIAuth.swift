/// The `/auth/v1` part of the OpenAPI description.
enum OpenAPIAuth {
    static var schemas: [String: Any] { [
        "GoTrueError": [
            "type": "object",
            "required": ["code", "error_code", "msg"],
            "properties": [
                "code": ["type": "integer"], "error_code": ["type": "string"], "msg": ["type": "string"],
                "weak_password": ["type": "object", "properties": ["reasons": ["type": "array", "items": ["type": "string"]]]],
            ],
        ],
        "User": [
            "type": "object",
            "required": ["id", "aud", "role", "email", "app_metadata", "user_metadata", "created_at"],
            "properties": [
                "id": ["type": "string", "format": "uuid"], "aud": ["type": "string"], "role": ["type": "string"],
                "email": ["type": "string"], "phone": ["type": "string"],
                "email_confirmed_at": ["type": "string", "format": "date-time", "nullable": true],
                "confirmed_at": ["type": "string", "format": "date-time", "nullable": true],
                "last_sign_in_at": ["type": "string", "format": "date-time", "nullable": true],
                "app_metadata": ["type": "object"], "user_metadata": ["type": "object"],
                "identities": ["type": "array", "items": ["type": "object"]],
                "created_at": ["type": "string", "format": "date-time"], "updated_at": ["type": "string", "format": "date-time"],
                "is_anonymous": ["type": "boolean"],
            ],
        ],
        "Session": [
            "type": "object",
            "required": ["access_token", "token_type", "expires_in", "expires_at", "refresh_token", "user"],
            "properties": [
                "access_token": ["type": "string"], "token_type": ["type": "string", "enum": ["bearer"]],
                "expires_in": ["type": "integer"], "expires_at": ["type": "integer"], "refresh_token": ["type": "string"],
                "user": ["$ref": "#/components/schemas/User"],
            ],
        ],
        "Credentials": [
            "type": "object",
            "required": ["email", "password"],
            "properties": ["email": ["type": "string", "format": "email"], "password": ["type": "string"], "data": ["type": "object"]],
        ],
    ] }

    private static func json(_ schema: String) -> [String: Any] {
        ["application/json": ["schema": ["$ref": "#/components/schemas/\(schema)"]]]
    }

    private static func failure(_ description: String) -> [String: Any] {
        ["description": description, "content": json("GoTrueError")]
    }

    private static var failures: [String: Any] { [
        "400": failure("Invalid request or credentials"),
        "401": failure("Missing or invalid API key or token"),
        "403": failure("Session or user no longer exists"),
        "404": failure("User not found"),
        "422": failure("Weak password, user exists, or sign-up disabled"),
        "429": failure("Too many failed attempts"),
        "503": failure("Auth service unavailable"),
    ] }

    private static func responses(_ success: [String: Any]) -> [String: Any] {
        failures.merging(success) { $1 }
    }

    static var paths: [String: Any] { [
        "/auth/v1/signup": [
            "post": [
                "tags": ["Auth"], "summary": "Sign up with email and password; returns a session", "operationId": "auth_signup",
                "requestBody": ["required": true, "content": json("Credentials")],
                "responses": responses(["200": ["description": "Signed up and signed in", "content": json("Session")]]),
            ],
        ],
        "/auth/v1/token": [
            "post": [
                "tags": ["Auth"], "summary": "Sign in (grant_type=password) or refresh a session (grant_type=refresh_token)",
                "operationId": "auth_token",
                "parameters": [["name": "grant_type", "in": "query", "required": true, "schema": ["type": "string", "enum": ["password", "refresh_token"]]]],
                "requestBody": [
                    "required": true,
                    "content": ["application/json": ["schema": [
                        "type": "object",
                        "properties": ["email": ["type": "string"], "password": ["type": "string"], "refresh_token": ["type": "string"]],
                    ]]],
                ],
                "responses": responses(["200": ["description": "A new session", "content": json("Session")]]),
            ],
        ],
        "/auth/v1/user": [
            "get": [
                "tags": ["Auth"], "summary": "The signed-in user", "operationId": "auth_get_user",
                "responses": responses(["200": ["description": "The user", "content": json("User")]]),
            ],
            "put": [
                "tags": ["Auth"], "summary": "Change email, password or metadata", "operationId": "auth_update_user",
                "requestBody": [
                    "required": true,
                    "content": ["application/json": ["schema": [
                        "type": "object",
                        "properties": ["email": ["type": "string"], "password": ["type": "string"], "data": ["type": "object"]],
                    ]]],
                ],
                "responses": responses(["200": ["description": "The updated user", "content": json("User")]]),
            ],
        ],
        "/auth/v1/logout": [
            "post": [
                "tags": ["Auth"], "summary": "Sign out (scope global, local or others)", "operationId": "auth_logout",
                "parameters": [["name": "scope", "in": "query", "required": false, "schema": ["type": "string", "enum": ["global", "local", "others"]]]],
                "responses": responses(["204": ["description": "Signed out"]]),
            ],
        ],
    ] }
}
