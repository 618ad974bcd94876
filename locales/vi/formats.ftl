# formats messages (vi): bộ đọc XLIFF và TMX
formats-error-at = dòng {$line}, cột {$column}: {$detail}
formats-error-in-unit = dòng {$line}, cột {$column} (đơn vị {$unit}): {$detail}
formats-malformed = XML sai cú pháp: {$detail}
formats-dtd-refused = không chấp nhận DOCTYPE có tập con nội bộ hoặc khai báo thực thể (thực thể không bao giờ được khai triển)
formats-unknown-entity = thực thể không rõ &{$name}; (chỉ cho phép &amp; &lt; &gt; &quot; &apos; và tham chiếu ký tự)
formats-unexpected-eof = tài liệu kết thúc khi các phần tử chưa được đóng
formats-wrong-root = cần tài liệu <{$expected}>, nhưng gặp <{$found}>
formats-unsupported-version = không hỗ trợ {$format} phiên bản "{$version}" (chỉ đọc XLIFF 2.x)
formats-missing-attribute = <{$element}> thiếu thuộc tính {$attribute}
formats-invalid-attribute = <{$element}> có {$attribute} không hợp lệ: "{$value}"
formats-missing-element = <{$parent}> thiếu <{$element}>
formats-xliff-dropped-codes = đã bỏ các mã định dạng khi nhập, giữ lại chữ: {$codes}
formats-too-deep = các phần tử lồng nhau sâu quá {$limit} cấp
