-- Keyless cosign needs its certificate and cosign's Rekor bundle side by side, and a Notation envelope
-- its media type, so that re-verification when trust changes checks exactly what was submitted: the
-- bundle (a Sigstore bundle, or cosign's Rekor bundle annotation) and the envelope's media type are kept
-- with the rest of the material, bounded like it.
alter table image_signature
    add column bundle     text check (char_length(bundle) <= 65536),
    add column media_type text check (media_type in ('application/jose+json', 'application/cose'));
