/**
 * How the native stack's ClickHouse service names itself in X-ClickHouse-Server-Display-Name (a server
 * sends its host name there). The warehouse adapter reads it to know that role DDL is not for this
 * engine: the service enforces the roles itself.
 */
export const EMBEDDED_SERVER_DISPLAY_NAME = 'chdb-native-stack';
