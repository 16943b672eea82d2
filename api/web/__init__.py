"""The web pages: server-rendered Jinja2 templates with htmx, in Vietnamese and English. Pages
call the same domain services as the JSON API and pass the same access policy; the login
token rides in an HttpOnly cookie, and every form carries a CSRF token. May import api.*,
matching and talent."""
