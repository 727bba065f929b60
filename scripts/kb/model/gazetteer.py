"""Where a place name is a district of a province: the lookup over records/districts.yml."""

from __future__ import annotations

from collections import defaultdict

from kb.model.records import District
from kb.text.vietnamese import comparable_title, slugify


class DistrictIndex:
    """Where a place name is a district: by exact spelling (tone placement and case aside) and folded."""

    def __init__(self, districts: dict[str, list[District]]) -> None:
        self.by_province = districts
        self._spelled: dict[str, list[tuple[str, District]]] = defaultdict(list)
        self._folded: dict[str, list[tuple[str, District]]] = defaultdict(list)
        for province_id, items in sorted(districts.items()):
            for district in items:
                self._spelled[comparable_title(district.place)].append((province_id, district))
                self._folded[slugify(district.place)].append((province_id, district))

    def covers(self, province_id: str) -> bool:
        return province_id in self.by_province

    def spelled(self, place: str) -> list[tuple[str, District]]:
        return self._spelled.get(comparable_title(place), [])

    def folded(self, place: str) -> list[tuple[str, District]]:
        return self._folded.get(slugify(place), [])

    def places(self, province_id: str) -> list[str]:
        return [district.place for district in self.by_province.get(province_id, [])]
