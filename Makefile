# Hai lệnh chính (xem README.md):
#   make serve  — tạo môi trường, biên dịch hồ sơ, xem trước trang web ở http://127.0.0.1:8000
#   make test   — tạo môi trường, chạy toàn bộ kiểm thử
# Khác: make test-fast (vòng kiểm thử nhanh, không trình duyệt, không dựng cả trang), make lock (cập nhật
# requirements.lock), make hooks (móc git: kb fix --check và kb check trước mỗi commit; không cần pre-commit). Gói Python cài đúng phiên bản và mã băm trong requirements.lock; KB_NEWEST=1 cài bản mới
# nhất mà pyproject.toml cho phép (workflow newest.yml dùng để biết sớm khi thư viện mới làm hỏng kiểm thử).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve build test test-fast check lock clean hooks

$(STAMP): requirements.lock pyproject.toml package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
ifeq ($(KB_NEWEST),1)
	$(BIN)/pip install --quiet --upgrade -e '.[test]'
else
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
endif
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

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not records and not site"

lock: $(STAMP)
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra test --generate-hashes --strip-extras --allow-unsafe -o requirements.lock pyproject.toml

# A plain git hook (no pre-commit package needed): the same two commands as .pre-commit-config.yaml, reporting only.
hooks: $(STAMP)
	@hook="$$(git rev-parse --git-path hooks)/pre-commit"; \
	printf '%s\n' '#!/bin/sh' '# Cài bởi "make hooks": kiểm tra hồ sơ trước mỗi commit. Bỏ: xoá tệp này.' \
	  'exec sh -c ".venv/bin/kb fix --check && .venv/bin/kb check"' > "$$hook"; \
	chmod +x "$$hook"; echo "Đã cài $$hook"

clean:
	rm -rf site .kb $(VENV)
