-- Response rates count the invitations a survey sent in a period.
CREATE INDEX invitations_survey_created ON invitations (survey_id, created_at);
