"""The demo's consultations, suggestions and interpretation links: there once, not doubled by a second run."""
from gongkai.catalog.models import Item
from gongkai.consultation.models import Comment, Consultation, Suggestion
from gongkai.demo.loader import demo_load
from gongkai.reports.annual import activity


def test_the_demo_has_an_open_and_a_concluded_consultation_suggestions_and_linked_interpretations(db, client):
    demo_load()
    counts = (Consultation.objects.count(), Comment.objects.count(), Suggestion.objects.count())
    demo_load()
    assert (Consultation.objects.count(), Comment.objects.count(), Suggestion.objects.count()) == counts
    assert set(Consultation.objects.values_list("status", flat=True)) == {"open", "concluded"}
    assert Suggestion.objects.filter(result_published_on__isnull=False).count() >= 4
    linked = Item.objects.filter(kind="interpretation", status="published", interprets__isnull=False)
    assert linked.count() >= 3
    document = linked.first().interprets
    assert linked.first().title in client.get(f"/items/{document.index_number}/").content.decode()
    org = Consultation.objects.first().org
    last_year = Suggestion.objects.filter(result_published_on__year__lt=Consultation.objects.first().created_at.year)
    year = last_year.first().result_published_on.year
    assert activity([org.pk], year)["suggestions"]["total"] == last_year.filter(result_published_on__year=year).count()
    assert client.get("/consultations/").status_code == 200 and client.get("/suggestions/").status_code == 200
