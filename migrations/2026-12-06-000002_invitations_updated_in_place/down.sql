CREATE INDEX invitations_contact_id ON invitations (contact_id);
CREATE INDEX invitations_survey_id ON invitations (survey_id);
ALTER TABLE invitations RESET (fillfactor);
