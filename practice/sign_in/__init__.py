"""Signing in to the admin: wrong-password limits (attempts.py) and the second factor.

A password alone opens the admin only to staff who cannot see patients' inquiries (unless
ADMIN_SECOND_FACTOR says all staff need more). Everyone else then proves who they are with an
authenticator app's code, a passkey, or one of their single-use recovery codes, all kept by
django-otp and django-otp-webauthn; they enrol from their account page, or at their first
sign-in when they have nothing yet.
"""
