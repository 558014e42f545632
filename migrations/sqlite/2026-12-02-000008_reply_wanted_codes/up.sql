-- 【要返信:…】 was stored as the label shown to the writer (「訪問看護」, or 「Visiting nursing」 when
-- written in the English UI), so readers in the other language saw the writer's words. Store
-- codes: role:<team role>, user:<id>, all — and text:<what was stored> for anything else.
UPDATE posts SET reply_wanted_from = CASE reply_wanted_from
    WHEN '主治医' THEN 'role:attending_doctor' WHEN 'Attending doctor' THEN 'role:attending_doctor'
    WHEN '歯科医' THEN 'role:dentist' WHEN 'Dentist' THEN 'role:dentist'
    WHEN '訪問看護' THEN 'role:visiting_nursing' WHEN 'Visiting nursing' THEN 'role:visiting_nursing'
    WHEN '薬局' THEN 'role:pharmacy' WHEN 'Pharmacy' THEN 'role:pharmacy'
    WHEN 'ケアマネジャー' THEN 'role:care_management' WHEN 'Care manager' THEN 'role:care_management'
    WHEN 'リハビリ' THEN 'role:rehabilitation' WHEN 'Rehabilitation' THEN 'role:rehabilitation'
    WHEN '訪問介護' THEN 'role:home_help' WHEN 'Home help' THEN 'role:home_help'
    WHEN '栄養' THEN 'role:nutrition' WHEN 'Nutrition' THEN 'role:nutrition'
    WHEN 'その他' THEN 'role:other' WHEN 'Other' THEN 'role:other'
    WHEN '全員' THEN 'all' WHEN 'Everyone' THEN 'all'
    ELSE reply_wanted_from END
WHERE reply_wanted_from <> '';

-- A name: the member of the room of that name.
UPDATE posts SET reply_wanted_from = 'user:' || (
    SELECT MIN(u.id) FROM users u JOIN room_members m ON m.user_id = u.id
    WHERE m.room_id = posts.room_id AND u.display_name = posts.reply_wanted_from)
WHERE reply_wanted_from <> '' AND reply_wanted_from <> 'all'
  AND reply_wanted_from NOT LIKE 'role:%'
  AND EXISTS (SELECT 1 FROM users u JOIN room_members m ON m.user_id = u.id
              WHERE m.room_id = posts.room_id AND u.display_name = posts.reply_wanted_from);

UPDATE posts SET reply_wanted_from = 'text:' || reply_wanted_from
WHERE reply_wanted_from <> '' AND reply_wanted_from <> 'all'
  AND reply_wanted_from NOT LIKE 'role:%' AND reply_wanted_from NOT LIKE 'user:%';
