# store messages (vi)

store-error-open = Không mở được kho dữ liệu { $path }: { $detail }
store-error-not-a-store = { $path } không phải là kho dữ liệu của dich ({ $detail }). Hãy chọn tệp khác cho vị trí bộ nhớ dịch trong pipeline.toml.
store-error-newer-schema = Kho dữ liệu { $path } do một phiên bản dich mới hơn ghi (lược đồ phiên bản { $found }; bản dich này chỉ biết đến phiên bản { $supported }). Hãy cập nhật dich hoặc dùng tệp kho khác.
store-error-migration = Kho dữ liệu { $path }: nâng cấp lược đồ lên phiên bản { $version } thất bại: { $detail }
store-error-sqlite = Kho dữ liệu { $path }: { $action } thất bại: { $detail }
store-error-corrupt = Kho dữ liệu { $path }: { $what } thất bại, không đọc được dữ liệu đã lưu: { $detail }
store-error-empty-field = Kho dữ liệu { $path }: mục bộ nhớ dịch “{ $source_text }” có trường { $field } trống; không mục nào của lô này được ghi.
store-error-unknown-run = Kho dữ liệu { $path }: không có lượt chạy { $run }.
store-error-busy = Một lượt chạy dich khác đang dùng kho dữ liệu { $path } (tiến trình và thời điểm bắt đầu: { $holder }). Hãy đợi lượt đó kết thúc, hoặc cho lượt chạy này một kho riêng (`store` trong pipeline.toml).
store-busy-holder-unknown = chưa rõ

store-action-open = thiết lập cơ sở dữ liệu
store-action-save-article = lưu bài { $article }
store-action-load-article = đọc bài { $article }
store-action-load-segments = đọc các đoạn của bài { $article }
store-action-start-run = bắt đầu lượt chạy
store-action-record-event = ghi sự kiện của lượt chạy { $run } cho bài { $article }
store-action-finish-run = kết thúc lượt chạy { $run }
store-action-read-runs = đọc nhật ký lượt chạy
store-action-save-target = lưu bản dịch { $lang } của đoạn { $segment } (bài { $article })
store-action-load-targets = đọc các bản dịch { $lang } của bài { $article }
store-action-tm-transaction = ghi vào bộ nhớ dịch
store-action-tm-put = lưu “{ $source }” vào bộ nhớ dịch
store-action-tm-lookup = tra “{ $source }” trong bộ nhớ dịch
store-action-tm-list = liệt kê bộ nhớ dịch

store-penalty-number-differs = số khác: { $source } ≠ { $memory }
store-penalty-number-missing = số { $number } không có trong bản khớp của bộ nhớ
store-penalty-number-extra = bản khớp của bộ nhớ có thêm số { $number }
store-penalty-placeholder-differs = ký hiệu giữ chỗ khác: { $source } ≠ { $memory }
store-penalty-placeholder-missing = ký hiệu giữ chỗ { $placeholder } không có trong bản khớp của bộ nhớ
store-penalty-placeholder-extra = bản khớp của bộ nhớ có thêm ký hiệu giữ chỗ { $placeholder }
store-penalty-diacritics = { $count } dấu khác nhau
store-penalty-edits = { $count } ký tự khác nhau
store-action-save-terms = lưu các thuật ngữ tìm thấy trong bài { $article }
store-action-load-terms = đọc các thuật ngữ tìm thấy trong bài { $article }
store-is-a-folder = đó là một thư mục; kho là một tệp (đặt store trong pipeline.toml là một tên tệp)
store-action-audit = ghi lại ai đã thay đổi gì
store-action-deliveries = ghi sổ gửi webhook
store-backup-failed = không sao được kho sang { $backup } trước khi nâng cấp: { $detail }
store-migrating = kho { $path }: lược đồ { $from } được nâng lên { $to }; bản kho cũ được giữ ở { $backup }
store-action-work-queue = chia lô bài giữa các tiến trình
store-action-quota = chia hạn mức của bộ dịch giữa các tiến trình
store-pg-other-tables = cơ sở dữ liệu đã có { $tables } bảng của ứng dụng khác; hãy dành cho dich một cơ sở dữ liệu (hoặc schema) riêng
