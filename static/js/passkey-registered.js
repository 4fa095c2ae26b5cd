// After django-otp-webauthn's script has stored a new passkey, go on to the recovery codes.
// A file, not an inline script: the second-factor pages allow no inline script (CSP).
const container = document.getElementById("passkey-registration");
document.addEventListener("otp_webauthn.register_complete", () => {
  window.location.assign(container.dataset.doneUrl);
});
