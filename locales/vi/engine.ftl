# engine messages (vi)

engine-error-store = Bộ máy { $engine }: bộ nhớ dịch gặp lỗi: { $detail }
engine-error-unsupported-pair = Bộ máy { $engine } không dịch cặp ngôn ngữ { $pair }.
engine-error-failed = Bộ máy { $engine } thất bại: { $detail }

## Marian (bộ dịch OPUS-MT nhúng)
marian-model-missing = Thư mục mô hình { $dir } không tồn tại. Tải mô hình bằng lệnh: dich models pull { $model }
marian-file-missing = Thiếu tệp mô hình { $path }.
marian-file-unreadable = Không đọc được { $path }: { $detail }
marian-file-invalid = { $path } không phải tệp mô hình dùng được: { $detail }
marian-config-invalid = { $path }, dòng { $line }, cột { $column }: cấu hình mô hình không hợp lệ: { $detail }
marian-config-unknown-fields = { $path }: các trường bị bỏ qua (bộ dịch này không dùng): { $fields }
marian-weights-missing = Thư mục mô hình { $dir } không có model.safetensors lẫn pytorch_model.bin.
marian-vocab-mismatch = { $path } có { $vocab } mục nhưng cấu hình mô hình ghi { $config }: bộ từ vựng không khớp với trọng số này.
marian-special-mismatch = { $path }: mã của </s> hoặc <pad> khác với cấu hình mô hình.
marian-pair-unknown = Không xác định được mô hình trong { $dir } dịch cặp ngôn ngữ nào: hãy khai báo cặp (nguồn và đích) trong cấu hình bộ dịch.
marian-truncated = Bộ dịch { $engine }: đoạn { $index } có { $tokens } token, nhiều hơn mức { $max } của mô hình; chỉ phần đầu được dịch.

## Mô hình từ Hugging Face hub (dich models)
models-error-http = { $url } trả về HTTP { $status }.
models-error-network = Không tải được { $url }: { $detail }
models-error-io = Không ghi được { $path }: { $detail }
models-error-checksum = { $path } bị hỏng: mã kiểm tra là { $actual }, hub ghi { $expected }. Tệp tải dở đã bị xóa; hãy chạy lại lệnh tải.
models-error-no-weights = Kho { $repo } không có model.safetensors lẫn pytorch_model.bin.
models-error-bad-name = "{ $name }" không phải tên mô hình: dùng TÊN hoặc TỔ_CHỨC/TÊN (chữ, số, - _ .).
