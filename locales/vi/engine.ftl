# engine messages (vi)

engine-error-store = Bộ máy { $engine }: bộ nhớ dịch gặp lỗi: { $detail }
engine-error-unsupported-pair = Bộ máy { $engine } không dịch cặp ngôn ngữ { $pair }.
engine-error-failed = Bộ máy { $engine } thất bại: { $detail }

# Cấu hình công cụ trong pipeline.toml
engine-config-positive = "{ $key }" trong [engines.{ $engine }] phải lớn hơn 0, gặp { $value }
engine-config-too-long = "{ $key }" trong [engines.{ $engine }] không được quá { $max } giây, gặp { $value }
engine-config-price = price_per_million_chars trong [engines.{ $engine }] phải từ 0 trở lên, gặp { $value }
engine-config-url = url trong [engines.{ $engine }] phải là địa chỉ http:// hoặc https://, gặp "{ $url }"
engine-config-key-both = [engines.{ $engine }] đặt cả api_key_env lẫn api_key_file; chỉ giữ một
engine-config-key-file = tệp khóa "{ $path }" của [engines.{ $engine }] không tồn tại
engine-config-value = giá trị "{ $value }" không hợp lệ cho "{ $key }" trong [engines.{ $engine }]
engine-config-temperature = temperature trong [engines.{ $engine }] phải nằm trong khoảng từ 0 đến 2, gặp { $value }
engine-config-required = [engines.{ $engine }] loại "{ $kind }" cần có "{ $key }"
engine-error-transient = Bộ máy { $engine } tạm thời lỗi: { $detail }
engine-error-exhausted = Bộ máy { $engine } bị loại khỏi lượt chạy này: { $detail }
engine-error-setup = Không thiết lập được bộ máy { $engine }: { $detail }

# Bộ máy dịch từ xa
engine-http-status = máy chủ trả lời { $status }: { $body }
engine-malformed-answer = câu trả lời không dùng được: { $detail }
engine-answer-too-large = câu trả lời lớn hơn { $limit } byte
engine-count-mismatch = gửi { $sent } đoạn, nhận về { $received } bản dịch
engine-empty-answer = bộ máy trả về bản dịch rỗng
engine-protect-dropped = bản dịch thiếu { $item }
engine-protect-doubled = { $item } xuất hiện trong bản dịch nhiều hơn trong bản gốc
engine-protect-added = bản dịch có { $item } mà bản gốc không có
engine-llm-no-json = câu trả lời của mô hình không có đối tượng JSON
engine-llm-missing = mô hình bỏ sót đoạn này (gửi { $sent }, trả lời { $received })
engine-llm-repeated = mô hình trả lời đoạn này hơn một lần
engine-llm-glossary = thuật ngữ "{ $term }" không được dịch thành "{ $target }"
engine-command-spawn = không khởi động được { $program }: { $detail }
engine-command-timeout = chương trình không trả lời trong vòng { $seconds } giây
engine-command-status = chương trình kết thúc với { $status }: { $detail }
engine-command-no-answer = chương trình không trả lời cho đoạn này
engine-setup-memory = bộ máy bộ nhớ dịch được dựng từ kho dữ liệu, không qua danh mục bộ máy
engine-setup-unknown-type = loại bộ máy "{ $kind }" không tồn tại; các loại có: { $known }
engine-setup-no-url = chưa cấu hình url và dịch vụ này không có địa chỉ công khai
engine-setup-no-key = không có khóa API: hãy đặt api_key_env hoặc api_key_file
engine-setup-no-model = chưa cấu hình mô hình (model)
engine-setup-no-program = chưa cấu hình chương trình (program)
engine-key-env-missing = chưa đặt biến môi trường { $var } chứa khóa API
engine-key-file-unreadable = không đọc được tệp khóa { $path }: { $detail }
engine-key-file-empty = tệp khóa { $path } rỗng

# Tuyến dịch và bản tóm tắt lượt chạy
engine-breaker-open = bộ máy { $engine } tạm dừng sau { $failures } lần gọi lỗi liên tiếp
engine-refused = { $engine }: { $reason }
engine-no-output = { $engine } không trả kết quả cho đoạn này
engine-summary-extra = thử lại { $retries } lần, { $flagged } đoạn bị đánh dấu, chi phí ước tính { $cost }
engine-summary-out = bị loại khỏi lượt chạy này: { $reason }
engine-route-unanswered = không bộ máy nào của tuyến { $pair } dịch được đoạn này
engine-route-no-pivot = đoạn này chưa có bản { $pivot } để dịch tiếp (tuyến { $pair } đi qua { $pivot })

# Bảo vệ thuật ngữ quanh các bộ dịch máy
engine-guard-strategy-failed = { $strategy }: { $failures }
engine-guard-terms-lost = thuật ngữ trong bảng thuật ngữ không giữ được qua bản dịch máy ({ $failures })
## Marian (bộ dịch OPUS-MT nhúng)
marian-model-missing = Thư mục mô hình { $dir } không tồn tại. Tải mô hình bằng lệnh: { $command }
marian-file-missing = Thiếu tệp mô hình { $path }.
marian-file-unreadable = Không đọc được { $path }: { $detail }
marian-file-invalid = { $path } không phải tệp mô hình dùng được: { $detail }
marian-config-invalid = { $path }, dòng { $line }, cột { $column }: cấu hình mô hình không hợp lệ: { $detail }
marian-config-unknown-fields = { $path }: các trường bị bỏ qua (bộ dịch này không dùng): { $fields }
marian-weights-missing = Thư mục mô hình { $dir } không có model.safetensors lẫn pytorch_model.bin.
marian-vocab-mismatch = { $path } có { $vocab } mục nhưng cấu hình mô hình ghi { $config }: bộ từ vựng không khớp với trọng số này.
marian-special-mismatch = { $path }: mã của </s> hoặc <pad> khác với cấu hình mô hình.
marian-target-vocab-missing = Thiếu tệp mô hình { $path }: tokenizer_config.json ghi rằng mô hình có bộ từ vựng nguồn và đích riêng ("separate_vocabs": true).
marian-target-vocab-mismatch = { $path } có { $vocab } mục nhưng cấu hình mô hình ghi bộ giải mã có { $config }: bộ từ vựng đích không khớp với trọng số này.
marian-pair-unknown = Không xác định được mô hình trong { $dir } dịch cặp ngôn ngữ nào: hãy khai báo cặp (nguồn và đích) trong cấu hình bộ dịch.
marian-cpu-unknown = { $variable }="{ $value }" không phải họ nhân tính toán: hãy dùng avx512, avx2 hoặc portable (CPU này chạy được: { $usable }), hoặc bỏ trống để dùng loại rộng nhất.
marian-cpu-unavailable = { $variable }="{ $value }": CPU này không chạy được các nhân tính toán đó (nó chạy được: { $usable }).
marian-kernel = Bộ dịch { $engine }: phép nhân { $precision } trên nhân tính toán { $kernel } ({ $source }).
marian-kernel-detected = loại rộng nhất CPU này có
marian-kernel-forced = do { $variable } chỉ định
marian-truncated = Bộ dịch { $engine }: đoạn { $index } có { $tokens } token, nhiều hơn mức { $max } của mô hình; chỉ phần đầu được dịch.

## Mô hình từ Hugging Face hub (dich models)
models-error-http = { $url } trả về HTTP { $status }.
models-error-network = Không tải được { $url }: { $detail }
models-error-io = Không ghi được { $path }: { $detail }
models-error-checksum = { $path } bị hỏng: mã kiểm tra là { $actual }, hub ghi { $expected }. Tệp tải dở đã bị xóa; hãy chạy lại lệnh tải.
models-error-no-weights = Kho { $repo } không có model.safetensors lẫn pytorch_model.bin.
models-error-bad-name = "{ $name }" không phải tên mô hình: dùng TÊN hoặc TỔ_CHỨC/TÊN (chữ, số, - _ .).
models-error-newer-layout = thư mục mô hình { $dir } do một bản dich mới hơn sắp xếp (kiểu { $found }; bản này đọc kiểu { $supported }): hãy nâng cấp dich, hoặc dùng thư mục khác với --dir
engine-key-env-not-a-name = "api_key_env" phải là tên một biến môi trường (chữ, số và "_"), nhưng giá trị đã cho không phải; nếu bạn dán khóa vào đó, hãy đặt khóa vào biến môi trường và ghi tên biến (giá trị không được hiện ở đây)
engine-key-file-hidden = (một tên không giống tên tệp: có phải chính là khóa? không hiện)
engine-command-flood = chương trình đã ghi hơn { $limit } byte cho lô này và đã bị dừng (chương trình trả lời quá nhiều so với yêu cầu thì không được dùng)
marian-pair-mismatch = { $engine }: tuyến yêu cầu { $asked }, mô hình cho biết nó dịch { $model }; vẫn dịch theo tuyến (hãy kiểm tra mô hình nếu bản dịch trông sai)
marian-no-target-token = mô hình đa ngôn ngữ trong { $dir } không có token ngôn ngữ đích cho { $target }; nó có: { $tokens }
