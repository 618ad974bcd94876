# engine messages (vi)

engine-error-store = Bộ máy { $engine }: bộ nhớ dịch gặp lỗi: { $detail }
engine-error-unsupported-pair = Bộ máy { $engine } không dịch cặp ngôn ngữ { $pair }.
engine-error-failed = Bộ máy { $engine } thất bại: { $detail }
