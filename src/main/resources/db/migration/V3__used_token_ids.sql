-- The JWT ids (jti) already used, shared by every instance on this database: a second insert of (issuer, jti) is a
-- replay (see ReplayStore). A row is needed only until its token expires; expired rows are purged on a schedule.
CREATE TABLE used_token_id (
    issuer     VARCHAR(2048) NOT NULL,
    jti        VARCHAR(512)  NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (issuer, jti)
);
CREATE INDEX used_token_id_expires_at ON used_token_id (expires_at);
