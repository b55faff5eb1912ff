DROP TABLE outbox;
DROP TABLE webhook_endpoints;
