# article messages (vi)

ingest-invalid-utf8 = { $file }: không phải UTF-8 hợp lệ tại byte { $offset } (với tệp tiếng Việt mã cũ, hãy chỉ rõ bảng mã: windows-1258)
ingest-invalid-utf16 = { $file }: không phải UTF-16 hợp lệ tại byte { $offset }
ingest-empty = { $file }: tệp trống
ingest-too-large = { $file }: { $bytes } byte, vượt giới hạn { $limit } byte
ingest-binary = { $file }: tệp nhị phân, không phải văn bản
ingest-not-an-article = { $file }: không phải bài báo: { $reason }
ingest-io = { $file }: không đọc được tệp: { $detail }
ingest-bad-rules = { $file }, dòng { $line }: quy tắc lọc nội dung thừa không hợp lệ: { $detail }

ingest-reason-no-text = không còn đoạn văn nào sau khi bỏ nội dung thừa
ingest-reason-no-headline = không tìm thấy tiêu đề
ingest-reason-json-syntax = JSON không đọc được (dòng { $line }, cột { $column }): { $detail }
ingest-reason-json-not-ninjs = JSON không phải bản tin ninjs (không có uri, headlines hay bodies)
ingest-reason-rules-regex = biểu thức chính quy { $pattern } không biên dịch được: { $detail }
ingest-reason-rules-group = biểu thức chính quy { $pattern } thiếu nhóm có tên { $group }
