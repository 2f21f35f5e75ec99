"""The catalogue page: series, their specialties and the title of each level, with the titles
obtained by examination marked."""


def test_the_catalogue_lists_series_specialties_and_titles(english, demo):
    english.force_login(demo["users"]["applicant"])

    page = english.get("/titles/").content.decode()

    for text in [
        "工程系列",
        "电气工程",
        "助理工程师",
        "正高级工程师",
        "中小学教师系列",
        "高级教师",
    ]:
        assert text in page


def test_titles_obtained_by_examination_are_marked(english, demo):
    english.force_login(demo["users"]["applicant"])

    page = english.get("/titles/").content.decode()

    health = page[page.index("卫生系列") :]
    attending_row = health[
        health.index("主治医师") : health.index("</tr>", health.index("主治医师"))
    ]
    chief_row = health[health.index("主任医师") : health.index("</tr>", health.index("主任医师"))]
    assert "以考代评" in attending_row
    assert "以考代评" not in chief_row
