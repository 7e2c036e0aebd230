from django.conf import settings


def site(request):
    """The site's identity for the standard footer of every page."""
    return {"site": settings.GONGKAI_SITE}
