-- Codes back to the Japanese labels (names of members for user:<id>).
UPDATE posts SET reply_wanted_from = (SELECT display_name FROM users WHERE 'user:' || users.id = posts.reply_wanted_from)
WHERE reply_wanted_from LIKE 'user:%';
UPDATE posts SET reply_wanted_from = CASE reply_wanted_from
    WHEN 'role:attending_doctor' THEN '主治医' WHEN 'role:dentist' THEN '歯科医'
    WHEN 'role:visiting_nursing' THEN '訪問看護' WHEN 'role:pharmacy' THEN '薬局'
    WHEN 'role:care_management' THEN 'ケアマネジャー' WHEN 'role:rehabilitation' THEN 'リハビリ'
    WHEN 'role:home_help' THEN '訪問介護' WHEN 'role:nutrition' THEN '栄養' WHEN 'role:other' THEN 'その他'
    WHEN 'all' THEN '全員'
    ELSE reply_wanted_from END
WHERE reply_wanted_from <> '';
UPDATE posts SET reply_wanted_from = substr(reply_wanted_from, 6) WHERE reply_wanted_from LIKE 'text:%';
