"""The inquiry review queue in the Wagtail admin: listing, detail, actions, export, deletion.

Only reviewers (users with permissions on inquiries, such as the "Inquiry reviewers" group) and
superusers reach any of it. Every view, change, note, export and deletion is written to Wagtail's
audit log as "Inquiry #N", never with what the patient wrote.
"""
