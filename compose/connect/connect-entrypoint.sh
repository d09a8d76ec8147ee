#!/bin/sh
# Writes the worker configuration (the same settings as the native stack's worker) and starts
# Kafka Connect in distributed mode. Secrets are never written here: connector configs reference
# them as ${env:NAME}, which the env config provider resolves from this container's environment,
# and only for the names CONNECT_ENV_ALLOWLIST matches (the connector files' references; a test
# keeps the compose file's value equal to them). No file or directory provider: none is used.
# Logs go to the console only: Docker keeps them (rotated), nothing grows in the tmpfs.
set -eu
config=/tmp/connect-worker.properties
cat > "$config" <<PROPERTIES
bootstrap.servers=${CONNECT_BOOTSTRAP_SERVERS:-kafka:19092}
group.id=${CONNECT_GROUP_ID:-ecommerce-connect}
config.storage.topic=${CONNECT_CONFIG_TOPIC:-ecommerce-connect-configs}
offset.storage.topic=${CONNECT_OFFSET_TOPIC:-ecommerce-connect-offsets}
status.storage.topic=${CONNECT_STATUS_TOPIC:-ecommerce-connect-status}
config.storage.replication.factor=1
offset.storage.replication.factor=1
status.storage.replication.factor=1
key.converter=org.apache.kafka.connect.storage.StringConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
value.converter.schemas.enable=true
listeners=http://0.0.0.0:8083
rest.advertised.host.name=${CONNECT_ADVERTISED_HOST:-connect}
plugin.path=/opt/connect-plugins
config.providers=env
config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider
config.providers.env.param.allowlist.pattern=${CONNECT_ENV_ALLOWLIST:-^\$}
offset.flush.interval.ms=${CONNECT_OFFSET_FLUSH_INTERVAL_MS:-10000}
consumer.session.timeout.ms=${CONNECT_CONSUMER_SESSION_TIMEOUT_MS:-10000}
connector.client.config.override.policy=All
PROPERTIES
log4j=/tmp/connect-log4j2.properties
cat > "$log4j" <<'LOG4J'
status = warn
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.console.ref = console
logger.reflections.name = org.reflections
logger.reflections.level = error
LOG4J
export KAFKA_LOG4J_OPTS="-Dlog4j2.configurationFile=$log4j"
export KAFKA_HEAP_OPTS="${CONNECT_HEAP_OPTS:--Xmx768m}"
exec /opt/kafka/bin/connect-distributed.sh "$config"
