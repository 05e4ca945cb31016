from __future__ import annotations

from bastion.http.problems import describe_validation_errors


def test_each_problem_names_the_field_and_says_what_is_wrong_in_chinese() -> None:
    errors = [
        {"type": "missing", "loc": ("body", "education"), "msg": "Field required"},
        {"type": "uuid_parsing", "loc": ("body", "branch_id"), "msg": "Input should be a valid UUID"},
        {
            "type": "enum",
            "loc": ("body", "education"),
            "msg": "Input should be ...",
            "ctx": {"expected": "'a' or 'b'"},
        },
        {"type": "value_error", "loc": ("body", "birth_date"), "msg": "Value error, 出生日期不能晚于今天"},
        {"type": "something_new", "loc": ("query", "after", 0), "msg": "Strange input"},
    ]
    described = describe_validation_errors(errors)
    assert described == [
        {"field": "education", "problem": "缺少必填字段", "detail": "Field required"},
        {"field": "branch_id", "problem": "不是有效的 UUID", "detail": "Input should be a valid UUID"},
        {"field": "education", "problem": "取值无效，可选：'a' or 'b'", "detail": "Input should be ..."},
        {
            "field": "birth_date",
            "problem": "出生日期不能晚于今天",
            "detail": "Value error, 出生日期不能晚于今天",
        },
        {"field": "query.after.0", "problem": "Strange input", "detail": "Strange input"},
    ]


def test_json_that_does_not_parse_is_located_by_line_and_column_not_named_as_a_field() -> None:
    body = '{\n  "name": "张华",\n  "stage": applicant\n}'
    offset = body.index("applicant")  # what FastAPI puts in loc: the parser's character offset
    error = {
        "type": "json_invalid",
        "loc": ("body", offset),
        "msg": "JSON decode error",
        "ctx": {"error": "Expecting value"},
    }

    assert describe_validation_errors([error], body) == [
        {
            "field": "body",
            "problem": "不是有效的 JSON（第 3 行第 12 列，缺少值）",
            "detail": "JSON decode error; Expecting value",
        }
    ]
    without_text = describe_validation_errors([{**error, "ctx": {"error": "something new"}}])
    assert without_text[0]["problem"] == f"不是有效的 JSON（第 {offset + 1} 个字符）"
