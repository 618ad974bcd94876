# Quy trình, tóm tắt lần chạy, gói dịch, trao đổi bộ nhớ dịch, kênh xuất bản (tiếng Việt)
pipeline-error-inputs = không đọc được đầu vào { $path }: { $detail }
pipeline-error-rules = không dùng được bộ quy tắc lọc phần thừa: { $detail }
pipeline-error-store = kho dữ liệu bị lỗi: { $detail }
pipeline-error-write = không ghi được kết quả: { $detail }

article-held-missing = giữ lại ở bản { $language }: { $missing } trên { $segments } đoạn chưa có bản dịch

article-held-flagged = giữ lại ở bản { $language }: { $flagged } đoạn có bản dịch máy bị loại (lý do ghi trong ghi chú của gói dịch)
summary-title = dich, lần chạy { $run }
summary-interrupted = Lần chạy bị ngắt; phần đã làm được lưu lại, lần chạy sau sẽ tiếp tục từ đó.
summary-resumed = Tiếp tục sau lần chạy { $run } chưa hoàn tất.
summary-totals = Bài: { $articles } — đã xuất bản { $published }, giữ lại { $held }, lỗi { $failed }
summary-segments = Đoạn: { $segments } — từ bộ nhớ dịch { $memory }, dịch máy { $machine }, chờ biên dịch viên { $missing }
summary-status-published = đã xuất bản
summary-status-held = giữ lại
summary-status-failed = lỗi
summary-package = gói cho biên dịch viên: { $path }
summary-package-removed = đã xóa gói cũ cho biên dịch viên: { $path } (bài đã được xuất bản)
summary-withdrawn = đã rút: { $path } (đã xuất bản trước đây; nay bài bị giữ lại)
summary-engine = Công cụ { $name }: { $requests } yêu cầu, { $segments } đoạn, gửi { $characters } ký tự, trả lời { $answered }, lỗi { $failures }
summary-memory = Bộ nhớ dịch: { $entries } mục
summary-glossary = Bảng thuật ngữ: { $entries } mục; tìm thấy { $terms } thuật ngữ trong các bài, { $kept } được giữ đúng trong bản dịch
summary-glossary-conflict = mâu thuẫn trong bảng thuật ngữ: { $detail }
summary-written = Kết quả và run-summary.json / run-summary.txt nằm trong { $path }

hint-no-engine = { $missing } đoạn chưa có bản dịch và chưa cấu hình công cụ dịch máy nào. Để dịch ngay trên máy này, hãy tải mô hình bằng `dich models pull opus-mt-vi-en`, thêm [engines.opus] với type = "marian" và model = "opus-mt-vi-en" vào pipeline.toml rồi đưa nó vào tuyến dịch; hoặc kết nối một dịch vụ (DeepL, Google, LibreTranslate, điểm cuối tương thích OpenAI, Apertium) theo cách tương tự (xem README, mục "Engines"). Trong lúc chờ, biên dịch viên có thể dịch các đoạn này.
hint-pivot-models = Với { $languages }: tải thêm mô hình từ tiếng Anh ({ $models } nếu Helsinki-NLP có phát hành; opus-mt-en-mul dùng được cho nhiều ngôn ngữ khác) và đặt pivot = "en" cho từng tuyến dịch, để công cụ nhúng dịch qua tiếng Anh mà thuật ngữ vẫn được giữ ở cả hai chặng (xem README, mục "Languages").
hint-packages = Gửi các gói XLIFF trong { $path } cho biên dịch viên (OmegaT, Trados, memoQ, Weblate), sau đó nhập lại bằng: dich import TỆP.xlf — hoặc để họ duyệt trên trình duyệt: dich users add TÊN --role translator, rồi dich serve
hint-failed = { $failed } bài không đọc được; lý do ghi ở trên. Các bài khác vẫn được xử lý.

package-note-context = { $kind }, khối { $block }
package-note-approved = bản dịch đã duyệt từ bộ nhớ dịch ({ $provenance })
package-note-memory = từ bộ nhớ dịch, trạng thái { $state } ({ $provenance })
package-note-machine = bản dịch máy của { $engine }: cần hiệu đính
package-note-term = thuật ngữ "{ $term }": cách dịch chuẩn "{ $rendering }" ({ $entry })
package-note-term-none = thuật ngữ "{ $term }": chưa có cách dịch chuẩn sang { $lang } ({ $entry })
package-note-flagged = lý do không dùng bản dịch máy: { $reason }
package-note-match = bộ nhớ dịch khớp { $percent }% ({ $state }): "{ $source }" → "{ $target }"

import-error-read = { $path }: không đọc được tệp: { $detail }
import-error-parse = { $path }: { $detail }
import-error-no-target-language = { $path }: tệp XLIFF không ghi ngôn ngữ đích (trgLang)
import-error-unknown-article = { $path }: bài "{ $article }" không có trong kho (hãy chạy dich với bài này trước, cùng một kho)
import-error-unknown-unit = { $path }: đơn vị "{ $unit }" không phải một đoạn của bài "{ $article }"
import-error-source-changed = { $path }: văn bản nguồn của đơn vị "{ $unit }" đã bị sửa: cần "{ $expected }", gặp "{ $found }"
import-error-placeholders = { $path }: đơn vị "{ $unit }": bản dịch không giữ các mã giữ chỗ của văn bản nguồn
import-error-store = kho dữ liệu bị lỗi: { $detail }

memory-tmx-read = { $path }: không đọc được TMX: { $detail }
memory-tmx-unit = { $path }: đơn vị dịch { $unit } (dòng { $line }): { $detail }
memory-tmx-unreadable = { $path }: bỏ qua đơn vị dịch: { $detail }
memory-tmx-no-lang = có biến thể mang ngôn ngữ rỗng
memory-tmx-bad-state = trạng thái "{ $state }" không hợp lệ
memory-tmx-no-source = không có biến thể nào ở ngôn ngữ nguồn { $lang }

channel-path-outside = đường dẫn đầu ra "{ $path }" nằm ngoài thư mục đầu ra
channel-failed = kênh { $channel }: { $detail }
channel-no-headline = bài { $article } không có tiêu đề: kênh báo chí và truyền hình cần có tiêu đề
import-error-languages = { $path }: tệp dịch { $source_tag } → { $target_tag }, không khớp cặp ngôn ngữ nào trong cấu hình (nguồn { $source }, đích { $targets })
import-error-same-language = { $path }: tệp dịch { $source_tag } sang { $target_tag }, cùng một ngôn ngữ; không nhập gì từ tệp này
import-skipped-no-target = { $path }: bỏ qua đơn vị "{ $unit }": chưa có bản dịch
import-skipped-initial = { $path }: bỏ qua đơn vị "{ $unit }": chưa được xác nhận là đã dịch (trạng thái initial, new, needs-… hoặc không có)
import-skipped-partly = { $path }: bỏ qua đơn vị "{ $unit }": { $left } đoạn của đơn vị chưa có bản dịch (mỗi đơn vị được nhập trọn vẹn hoặc không nhập)
article-held-state = giữ lại, chưa xuất bản lên { $channel } bằng { $language }: { $segments } đoạn mới ở trạng thái "{ $state }", còn kênh này chỉ xuất bản { $publishes } (hãy duyệt chúng trong gói, hoặc đổi "publish" của kênh)
pipeline-link-outside = { $link } là liên kết tới { $target }, nằm ngoài thư mục đầu vào: không đọc (đặt [ingest] links = "anywhere" để đi theo những liên kết như vậy)
pipeline-link-broken = { $link } là liên kết không trỏ tới đâu (hoặc vào một vòng lặp): không đọc
pipeline-link-not-followed = { $link } là liên kết, còn [ingest] links = "never": không đọc
pipeline-id-taken = { $file } cho mã bài "{ $id }", mà { $other } đã dùng trong lượt chạy này: không đọc (hãy đổi tên một trong hai tệp; mã bài lấy từ tên tệp)
pipeline-id-taken-store = { $file } cho mã bài "{ $id }", mà kho đang giữ cho { $other }: không đọc, để hai bài không ghi đè lên nhau (hãy đổi tên một trong hai tệp)
pipeline-error-output = không ghi được vào thư mục kết quả { $path }: { $detail }
pipeline-output-not-a-folder = ở chỗ đó là một tệp, không phải thư mục (hãy xóa nó, hoặc đặt output_dir hay --out ở nơi khác)
