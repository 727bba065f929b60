# Hai lệnh chính (xem README.md):
#   make serve  — tạo môi trường, biên dịch hồ sơ, xem trước trang web ở http://127.0.0.1:8000
#   make test   — tạo môi trường, chạy toàn bộ kiểm thử
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve build test check clean

$(STAMP): pyproject.toml package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@# PyICU (bộ so sánh chuẩn để kiểm thứ tự chữ cái) chỉ cài được khi máy có ICU (libicu-dev).
	@if pkg-config --exists icu-uc 2>/dev/null; then $(BIN)/pip install --quiet 'PyICU>=2.12,<3'; fi
	@# Trình soạn web /quan-tri/ (Sveltia CMS) cài từ npm theo package-lock.json; thiếu npm thì trang đó chỉ
	@# nhắc chạy "npm ci", phần còn lại của trang web vẫn dựng được.
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; fi
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/kb serve

build: $(STAMP)
	$(BIN)/kb build

check: $(STAMP)
	$(BIN)/kb check

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf site .kb $(VENV)
