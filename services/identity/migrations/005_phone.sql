-- An optional phone on the profile (E.164, checked by the API): where SMS about the user's orders go.
ALTER TABLE users ADD COLUMN phone text;
