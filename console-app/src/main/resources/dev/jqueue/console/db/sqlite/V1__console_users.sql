-- Console users managed on the Users page (users from jqueue.console.users are not stored here).
CREATE TABLE jqueue_console_users (
    id            INTEGER      PRIMARY KEY AUTOINCREMENT,
    username      VARCHAR(100) NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    role          VARCHAR(16)  NOT NULL,
    enabled       BOOLEAN      NOT NULL,
    created_at    TIMESTAMP    NOT NULL,
    updated_at    TIMESTAMP    NOT NULL,
    updated_by    VARCHAR(255) NOT NULL,
    CONSTRAINT jqueue_console_users_username_key UNIQUE (username),
    CONSTRAINT jqueue_console_users_role_check CHECK (role IN ('VIEWER', 'OPERATOR', 'ADMIN'))
);
