#!/bin/sh
# Writes the worker configuration (the same settings as the native stack's worker) and starts
# Kafka Connect in distributed mode. Secrets are never written here: connector configs reference
# them as ${env:NAME}, which the env config provider resolves from this container's environment.
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
config.providers=env,file,dir
config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider
config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider
config.providers.dir.class=org.apache.kafka.common.config.provider.DirectoryConfigProvider
offset.flush.interval.ms=${CONNECT_OFFSET_FLUSH_INTERVAL_MS:-10000}
consumer.session.timeout.ms=${CONNECT_CONSUMER_SESSION_TIMEOUT_MS:-10000}
connector.client.config.override.policy=All
PROPERTIES
export KAFKA_HEAP_OPTS="${CONNECT_HEAP_OPTS:--Xmx768m}"
exec /opt/kafka/bin/connect-distributed.sh "$config"
