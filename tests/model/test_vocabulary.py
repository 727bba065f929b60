"""The schema's enumerations carry their labels; every stage takes choices and labels from kb.vocabulary."""

from __future__ import annotations

import pytest
from kb.model import schema as schemas
from kb.model import vocabulary


def _enum_nodes(node, path=()):
    if isinstance(node, dict):
        if "enum" in node and "if" not in path:  # a condition restates values of a vocabulary, it is not one
            yield path, node
        for key, value in node.items():
            yield from _enum_nodes(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _enum_nodes(value, path + (index,))


ENUMS = [(kind, path, node) for kind in schemas.SCHEMA_FILES for path, node in _enum_nodes(schemas.schema(kind))]


@pytest.mark.parametrize("kind,path,node", ENUMS, ids=[f"{k}:{'.'.join(map(str, p))}" for k, p, _ in ENUMS])
def test_every_enumeration_is_a_labelled_vocabulary(kind, path, node):
    assert "x-vocabulary" in node, f"{kind} {path}: thêm x-vocabulary và x-labels cho enum này"
    labels = node.get("x-labels", {})
    assert set(labels) == set(node["enum"]), f"{kind} {path}: x-labels phải có đúng các giá trị của enum"
    assert all(isinstance(v, str) and v.strip() for v in labels.values())


def test_choices_follow_the_schema_order_and_labels():
    assert vocabulary.values("level") == ["trung-uong", "khu-vuc", "tinh", "huyen", "xa", "co-so"]
    assert vocabulary.label("model_kind", "ca-nhan") == "Cá nhân"
    assert vocabulary.label("province_kind", "thanh-pho") == "thành phố"
    with pytest.raises(vocabulary.UnknownVocabulary):
        vocabulary.choices("khong-co")


def test_vocabulary_names_are_unique_per_enumeration():
    names = [node["x-vocabulary"] for _, _, node in ENUMS]
    assert len(names) == len(set(names))
