DROP TABLE sign_in_attempts;
DROP TABLE staff_sessions;
