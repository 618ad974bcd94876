# glossary messages (vi)
glossary-unreadable = { $file }: không đọc được bảng thuật ngữ: { $reason }
glossary-missing-header = { $file }: thiếu dòng tiêu đề (các cột như vi, en, kind, status); đọc tệp như hai cột vi, en
glossary-missing-column = { $file }: dòng tiêu đề thiếu cột { $column }
glossary-unknown-column = { $file }: bỏ qua cột không rõ "{ $column }" (các cột hợp lệ: vi, en và mã ngôn ngữ khác, kind, status, forbidden, note, evidence, slot, expansion, ngôn_ngữ@kênh)
glossary-line-too-long = { $file }:{ $line }: dòng dài { $bytes } byte, vượt giới hạn { $limit } byte; bỏ qua dòng này
glossary-invalid-utf8 = { $file }:{ $line }: không phải UTF-8 hợp lệ; bỏ qua dòng này (hãy lưu tệp dạng UTF-8)
glossary-unterminated-quote = { $file }:{ $line }: ô có dấu ngoặc kép chưa đóng; bỏ qua dòng này
glossary-wrong-column-count = { $file }:{ $line }: có { $found } ô trong khi tiêu đề có { $expected } cột; bỏ qua dòng này
glossary-empty-term = { $file }:{ $line }: ô { $column } trống hoặc chỉ có khoảng trắng; bỏ qua dòng này
glossary-unknown-kind = { $file }:{ $line }: loại "{ $value }" không hợp lệ (title, organization, place, person, acronym, document, concept, event); bỏ qua dòng này
glossary-unknown-status = { $file }:{ $line }: trạng thái "{ $value }" không hợp lệ (approved, proposed, forbidden); bỏ qua dòng này
glossary-duplicate-row = { $file }:{ $line }: trùng với dòng ở { $first }; bỏ qua dòng này
glossary-conflict-same-source = "{ $term }" có hai cách dịch: "{ $first }" và "{ $second }"
glossary-suggest-same-source = giữ một cách dịch (ví dụ "{ $first }") và chuyển cách kia sang cột forbidden, hoặc gán hai dòng hai loại khác nhau
glossary-conflict-twins = "{ $first }" và "{ $second }" là cùng một thuật ngữ viết khác (kiểu bỏ dấu, chữ hoa hoặc khoảng trắng)
glossary-suggest-twins-differ = bộ so khớp coi chúng là một: chỉ giữ một dòng với một cách dịch (ví dụ "{ $first }")
glossary-suggest-twins-same = xóa dòng "{ $second }": bộ so khớp đã nhận cả hai cách viết
glossary-conflict-nested = "{ $long }" chứa "{ $short }" nhưng bản dịch "{ $long_en }" không chứa "{ $short_en }"
glossary-suggest-nested = kiểm tra xem bản dịch dài hơn có dùng "{ $short_en }" không, hoặc ghi chú lý do khác biệt
glossary-conflict-acronym = từ viết tắt { $acronym } được dịch là "{ $acronym_en }" nhưng dạng đầy đủ "{ $expansion }" được dịch là "{ $expansion_en }"
glossary-suggest-acronym = thống nhất bản dịch của từ viết tắt với "{ $expansion_en }"
glossary-conflict-cycle = từ viết tắt { $acronym } được định nghĩa qua { $other }, rồi lại quay về { $acronym }
glossary-suggest-cycle = ghi dạng đầy đủ tiếng Việt cho { $acronym } thay vì một từ viết tắt khác
glossary-conflict-forbidden = "{ $rendering }" là bản dịch của "{ $term }" nhưng bị cấm dùng cho "{ $owner }"
glossary-suggest-forbidden = chọn bản dịch khác cho "{ $term }" hoặc bỏ nó khỏi danh sách cấm
glossary-conflict-unfilled-slot = "{ $term }" dùng ô {"{"}{ $slot }{"}"} nhưng không mục nào điền được ô này
glossary-suggest-unfilled-slot = thêm các mục có slot = { $slot } (ví dụ trong places.tsv)
