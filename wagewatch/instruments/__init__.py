"""Instruments (执法文书): .docx documents generated from a case, rendered with docxtpl in
Jinja's sandbox on GB/T 9704-2012 templates.

The parts:
- ``layout``: builds a default template from a compact block spec (Title, Number, Para, Each,
  When, Table, Form, Signature) with the GB/T 9704 page, fonts and 22 × 28 grid;
- ``specs``: the spec of each kind; ``templates/<code>.docx``: the built default templates,
  committed and shipped;
- ``context``: one builder per kind, returning the plain data the document is rendered from
  (stored with the document); ``samples``: an example context per kind, used to check an
  administrator's upload in the sandbox;
- ``kinds``: the registry (title, number code, whether it is served, spec, builder, sample);
- ``engine``: sandboxed rendering that refuses unknown variables and unsafe expressions;
- ``pdf``: optional conversion with LibreOffice.

Adding a kind (e.g. the blacklist notice):
1. in ``specs.py`` write its spec from the blocks of ``layout`` (reuse EMPLOYER, REMEDIES,
   CONTACT, Signature());
2. in ``context.py`` write its builder ``def kind(case, subject, number, issued_on) -> dict``
   (plain JSON-safe values only; ``common()`` gives the authority, numbers, date, employer);
3. in ``samples.py`` add an example context with the same keys (tests/instruments checks that);
4. register it in ``kinds.KINDS`` with its title, number code (None for internal forms) and
   whether it must be served;
5. run ``flask --app wsgi instruments build-templates`` and commit ``templates/<code>.docx``;
6. issue it from the step's service with ``services.documents.issue(case, "<code>", actor,
   subject=..., issued_on=...)`` inside the step's transaction, and list it on the page.
Numbering, storage, versions, downloads, PDF, service records and template uploads then work
for the new kind without further code.
"""
