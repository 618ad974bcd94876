# config messages (vi): lỗi trong pipeline.toml. $path/$line/$column chỉ vị trí lỗi; gợi ý nằm ở dòng riêng.

config-error-at = {$path}:{$line}:{$column}: {$message}
config-error-no-position = {$path}: {$message}
config-error-hint = gợi ý: {$hint}
config-read-failed = không đọc được tệp cấu hình: {$reason}
config-top-level = cấp ngoài cùng

## Lỗi TOML và lỗi kiểu
config-syntax = lỗi cú pháp TOML: {$detail}
config-unknown-key = khóa không xác định "{$key}" trong {$table}
config-unknown-value = giá trị không xác định "{$value}" cho "{$key}" trong {$table}
config-missing-key = thiếu khóa "{$key}" trong {$table}
config-wrong-type-key = sai kiểu cho "{$key}" trong {$table}: cần {$expected}, gặp {$found}
config-wrong-type = sai kiểu trong {$table}: cần {$expected}, gặp {$found}
config-expected-number = một số
config-expected-whole-number = một số nguyên (từ 0 trở lên)
config-expected-string = một chuỗi
config-expected-array = một mảng
config-expected-boolean = true hoặc false
config-expected-table = một bảng

## Ý nghĩa
config-bad-language = "{$tag}" không phải là mã ngôn ngữ hợp lệ
config-no-targets = không có ngôn ngữ đích nào
config-target-is-source = ngôn ngữ đích "{$tag}" trùng với ngôn ngữ nguồn
config-duplicate-target = ngôn ngữ đích "{$tag}" được liệt kê hai lần
config-missing-input = đầu vào "{$path}" không tồn tại
config-missing-glossary = bảng thuật ngữ "{$path}" không tồn tại
config-missing-seed = tệp nạp sẵn bộ nhớ dịch "{$path}" không tồn tại
config-missing-boilerplate = tệp quy tắc lọc phần thừa "{$path}" không tồn tại
config-threshold-range = fuzzy_threshold phải nằm trong khoảng từ 0 đến 1, gặp {$value}
config-at-least-one = "{$key}" phải từ 1 trở lên
config-route-from-not-source = tuyến dịch bắt đầu từ "{$from}", nhưng ngôn ngữ nguồn là "{$source}"
config-route-no-engines = tuyến dịch sang "{$to}" không có công cụ dịch nào
config-unknown-engine = công cụ dịch không xác định "{$engine}"
config-duplicate-engine = công cụ dịch "{$engine}" được liệt kê hai lần trong tuyến này
config-duplicate-route = tuyến dịch thứ hai cho {$from}→{$to}
config-route-not-target = tuyến dịch sang "{$to}", vốn không phải ngôn ngữ đích cũng không phải ngôn ngữ trung gian
config-target-without-route = ngôn ngữ đích "{$to}" không có tuyến dịch từ "{$from}"
config-pivot-end = ngôn ngữ trung gian "{$pivot}" lại là một đầu của chính tuyến dịch này
config-pivot-unrouted = tuyến {$from}→{$to} đi qua ngôn ngữ trung gian "{$pivot}", nhưng không có tuyến dịch từ "{$from}" sang đó
config-pivot-loop = các ngôn ngữ trung gian của tuyến {$from}→{$to} tạo thành vòng lặp: {$chain}
config-channel-name-unsafe = tên kênh "{$name}" không dùng được làm tên thư mục
config-duplicate-channel = kênh "{$name}" được khai báo hai lần
config-channel-not-target = kênh "{$name}" dùng "{$language}", vốn không phải ngôn ngữ đích
config-channel-no-formats = kênh "{$name}" không có định dạng nào
config-channel-format = kênh "{$name}" thuộc loại {$kind} không nhận được định dạng "{$format}"
config-duplicate-format = định dạng "{$format}" được liệt kê hai lần

## Gợi ý
config-hint-did-you-mean = có phải ý bạn là "{$suggestion}"?
config-hint-allowed = các giá trị cho phép: {$allowed}
config-hint-language = dùng mã BCP 47 như "vi", "en", "zh-Hans" hoặc "pt-BR"
config-hint-no-targets = thêm ít nhất một ngôn ngữ, ví dụ targets = ["en"]
config-hint-looked-for = đã tìm ở {$path} (đường dẫn tương đối tính từ thư mục chứa tệp cấu hình)
config-hint-threshold = 0 nhận mọi kết quả gần đúng, 1 chỉ nhận kết quả trùng khớp; thường dùng 0.75
config-hint-engines = các công cụ dịch đã khai báo: {$engines}
config-hint-first-at = khai báo đầu tiên ở dòng {$line}
config-hint-targets = các ngôn ngữ đích: {$targets}
config-hint-add-route = thêm [[routes]] với from = "{$from}", to = "{$to}" và các công cụ dịch của nó
config-hint-channel-name = dùng chữ cái, chữ số, ".", "_" và "-", không bắt đầu bằng "."

# Tùy chọn kênh (phụ đề truyền hình, văn phong, ninjs)
config-channel-key-kind = "{$key}" không áp dụng cho kênh "{$name}" thuộc loại {$kind}
config-hint-key-kinds = khóa này dành cho các kênh loại: {$kinds}
config-channel-empty-dateline = kênh "{$name}" có địa danh đề mục (dateline) để trống
config-out-of-range = "{$key}" bằng {$value}; giá trị phải nằm trong khoảng {$min} đến {$max}
config-caption-durations = thời lượng phụ đề tối thiểu ({$min} ms) dài hơn thời lượng tối đa ({$max} ms)
config-channel-publish-state = "{$value}" không phải một trạng thái bản dịch
config-hint-publish-states = chọn trong "approved" (đã được duyệt), "translated" (người dịch đã dịch, chưa duyệt) và "machine" (bản dịch máy)
config-channel-publish-empty = kênh "{$name}" sẽ không xuất bản gì: "publish" rỗng
config-channel-package-format = "{$format}" không phải định dạng gói; gói của bài bị giữ lại là XLIFF
config-channel-name-reserved = kênh không thể đặt tên "{$name}": lượt chạy tự ghi một thư mục trùng tên trong thư mục kết quả
config-webhook-url = "url" của webhook phải là địa chỉ http hoặc https có tên máy, không phải "{$url}"
config-webhook-secret-env = "secret_env" của webhook phải là tên một biến môi trường (chữ, số, _), không phải "{$name}"
config-webhook-needs-ninjs = kênh "{$name}" có webhook nhưng không xuất ninjs: thêm "ninjs" vào formats của kênh
