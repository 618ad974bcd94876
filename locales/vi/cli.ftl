# Trợ giúp và thông báo dòng lệnh (tiếng Việt)
cli-about = Dịch tin bài tiếng Việt và xuất bản cho các ban biên tập tiếng nước ngoài.
cli-run-about = Chạy quy trình: nạp, tách câu, dịch từ bộ nhớ dịch và công cụ dịch, xuất bản bài đã dịch xong, đóng gói phần còn lại cho biên dịch viên.
cli-segment-about = In các đoạn (câu) của một bài báo hoặc của văn bản thường.
cli-import-about = Nhập các gói XLIFF đã hiệu đính vào bộ nhớ dịch dưới dạng đã duyệt.
cli-memory-about = Xuất hoặc nhập bộ nhớ dịch (TMX 1.4b).
cli-memory-export-about = Ghi bộ nhớ dịch ra tệp TMX 1.4b.
cli-memory-import-about = Nạp tệp TMX vào bộ nhớ dịch.
cli-arg-lang = Ngôn ngữ thông báo: en hoặc vi (mặc định: theo LANG).
cli-arg-config = Tệp cấu hình quy trình (mặc định: ./pipeline.toml nếu có).
cli-arg-inputs = Tệp hoặc thư mục bài báo (mặc định: inputs trong pipeline.toml).
cli-arg-out = Thư mục hoặc tệp đầu ra.
cli-arg-json = In JSON thay cho văn bản.
cli-arg-strict = Thoát với mã 1 khi có bài bị giữ lại.
cli-arg-plain = Đọc văn bản thường, không có cấu trúc bài báo.
cli-arg-file = Tệp đầu vào, hoặc - để đọc từ đầu vào chuẩn.
cli-arg-files = Các tệp cần nhập.
cli-arg-store = Kho dữ liệu (mặc định: theo pipeline.toml).
cli-arg-pair = Chỉ các mục của cặp ngôn ngữ này, dạng NGUỒN-ĐÍCH (vi-en).
cli-arg-state = Trạng thái cho các mục không ghi trạng thái: approved, translated hoặc machine.

cli-error = lỗi: { $detail }
cli-config-missing = tệp cấu hình { $path } không tồn tại
cli-read-failed = không đọc được { $path }: { $detail }
cli-write-failed = không ghi được { $path }: { $detail }
cli-invalid-utf8 = { $path }: không phải UTF-8 hợp lệ tại byte { $offset }
cli-run-no-inputs = không có gì để dịch: ở đây không có pipeline.toml và không có đầu vào nào (thử: dich run TỆP-BÀI-BÁO…, hoặc --config TỆP)
cli-interrupt-received = Đã ngắt: hoàn tất bài đang xử lý rồi dừng. Mọi thứ đã lưu được giữ nguyên; chạy lại để tiếp tục.
cli-import-done = Đã nhập { $imported } bản dịch đã duyệt từ { $files } tệp ({ $units } đơn vị, { $without } đơn vị chưa có bản dịch).
cli-import-refused = Không nhập gì cả: phát hiện { $count } lỗi.
cli-bad-pair = "{ $pair }" không phải cặp ngôn ngữ: hãy viết NGUỒN-ĐÍCH, ví dụ vi-en
cli-bad-state = "{ $state }" không phải trạng thái bộ nhớ dịch: dùng approved, translated hoặc machine
cli-memory-exported = Đã ghi { $count } mục bộ nhớ dịch vào { $path }.
cli-memory-imported = Đã nạp { $count } mục bộ nhớ dịch từ { $files } tệp.

# dich translate
cli-translate-about = Dịch văn bản liền mạch bằng một bộ máy (trong pipeline.toml, hoặc --engine LOẠI --url URL).
cli-arg-from = Ngôn ngữ nguồn (BCP 47, ví dụ vi).
cli-arg-to = Ngôn ngữ đích (BCP 47, ví dụ en).
cli-arg-engine = Tên bộ máy trong pipeline.toml, hoặc loại bộ máy: deepl, google, libretranslate, openai, apertium, command.
cli-arg-url = Địa chỉ gốc của bộ máy (thay cho địa chỉ đã cấu hình).
cli-arg-model = Mô hình (openai: tên mô hình).
cli-arg-program = Chương trình của bộ máy loại command.
cli-translate-no-engine = chưa có bộ máy: hãy chọn bằng --engine (tên trong pipeline.toml hoặc một loại: { $types })
cli-translate-missing = chưa dịch: { $segment }: { $reason }
