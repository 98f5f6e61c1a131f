-- Platform reference data: the 15 recommending bodies (domain.md), ethnic groups (GB 3304), education levels,
-- title series with their level names and flags. Administrators edit these afterwards; this script only seeds.
CREATE TABLE platform.regions (
    code       text PRIMARY KEY,    -- GB/T 2260; 150000 is our internal code for 自治区本级
    name       text NOT NULL,
    sort_order int NOT NULL
);

INSERT INTO platform.regions (code, name, sort_order) VALUES
 ('150100', '呼和浩特市', 1), ('150200', '包头市', 2), ('150300', '乌海市', 3), ('150400', '赤峰市', 4),
 ('150500', '通辽市', 5), ('150600', '鄂尔多斯市', 6), ('150700', '呼伦贝尔市', 7), ('150800', '巴彦淖尔市', 8),
 ('150900', '乌兰察布市', 9), ('152200', '兴安盟', 10), ('152500', '锡林郭勒盟', 11), ('152900', '阿拉善盟', 12),
 ('150781', '满洲里市', 13), ('152501', '二连浩特市', 14), ('150000', '自治区本级', 15);

ALTER TABLE platform.org_units ADD CONSTRAINT org_units_region_fk FOREIGN KEY (region_code) REFERENCES platform.regions(code);

INSERT INTO platform.org_units (parent_id, code, name, kind, region_code, path, sort_order)
VALUES (NULL, 'NM', '内蒙古自治区', 'root', '150000', '/', 0);

INSERT INTO platform.org_units (parent_id, code, name, kind, region_code, path, sort_order)
SELECT (SELECT id FROM platform.org_units WHERE code = 'NM'), 'RC',
       '内蒙古自治区绿色通道职称评审委员会（自治区人事人才公共服务中心）', 'review_center', '150000', '/', 0;

INSERT INTO platform.org_units (parent_id, code, name, kind, region_code, path, sort_order)
SELECT (SELECT id FROM platform.org_units WHERE code = 'NM'), r.code,
       CASE WHEN r.code = '150000' THEN '自治区本级（自治区主管部门）'
            ELSE r.name || '人力资源和社会保障局' END,
       'recommending_body', r.code, '/', r.sort_order
FROM platform.regions r;

-- Materialise the paths ('/<root id>/<id>/').
WITH RECURSIVE tree AS (
    SELECT id, '/' || id || '/' AS path FROM platform.org_units WHERE parent_id IS NULL
    UNION ALL
    SELECT o.id, t.path || o.id || '/' FROM platform.org_units o JOIN tree t ON o.parent_id = t.id
)
UPDATE platform.org_units o SET path = tree.path FROM tree WHERE tree.id = o.id;

INSERT INTO platform.ethnic_groups (code, name, short_name) VALUES
 ('01','汉族','汉'),('02','蒙古族','蒙古'),('03','回族','回'),('04','藏族','藏'),('05','维吾尔族','维吾尔'),
 ('06','苗族','苗'),('07','彝族','彝'),('08','壮族','壮'),('09','布依族','布依'),('10','朝鲜族','朝鲜'),
 ('11','满族','满'),('12','侗族','侗'),('13','瑶族','瑶'),('14','白族','白'),('15','土家族','土家'),
 ('16','哈尼族','哈尼'),('17','哈萨克族','哈萨克'),('18','傣族','傣'),('19','黎族','黎'),('20','傈僳族','傈僳'),
 ('21','佤族','佤'),('22','畲族','畲'),('23','高山族','高山'),('24','拉祜族','拉祜'),('25','水族','水'),
 ('26','东乡族','东乡'),('27','纳西族','纳西'),('28','景颇族','景颇'),('29','柯尔克孜族','柯尔克孜'),('30','土族','土'),
 ('31','达斡尔族','达斡尔'),('32','仫佬族','仫佬'),('33','羌族','羌'),('34','布朗族','布朗'),('35','撒拉族','撒拉'),
 ('36','毛南族','毛南'),('37','仡佬族','仡佬'),('38','锡伯族','锡伯'),('39','阿昌族','阿昌'),('40','普米族','普米'),
 ('41','塔吉克族','塔吉克'),('42','怒族','怒'),('43','乌孜别克族','乌孜别克'),('44','俄罗斯族','俄罗斯'),('45','鄂温克族','鄂温克'),
 ('46','德昂族','德昂'),('47','保安族','保安'),('48','裕固族','裕固'),('49','京族','京'),('50','塔塔尔族','塔塔尔'),
 ('51','独龙族','独龙'),('52','鄂伦春族','鄂伦春'),('53','赫哲族','赫哲'),('54','门巴族','门巴'),('55','珞巴族','珞巴'),
 ('56','基诺族','基诺'),('97','其他',NULL),('98','外国血统中国籍人士',NULL);

INSERT INTO platform.education_levels (code, name, sort_order) VALUES
 ('10','博士研究生',1),('11','硕士研究生',2),('20','大学本科',3),('30','大学专科',4),('40','中等专科',5),('60','高中及以下',6);

INSERT INTO platform.title_series (code, name, skill_linked, requires_license, exam_combined, sort_order) VALUES
 ('GXJS','高等学校教师',false,false,false,1),
 ('ZSKX','哲学社会科学研究',false,false,false,2),
 ('ZRKX','自然科学研究',false,false,false,3),
 ('WS','卫生',false,true,true,4),
 ('GC','工程',true,false,false,5),
 ('NY','农业',true,false,false,6),
 ('JJ','经济',false,false,true,7),
 ('KJ','会计',false,false,true,8),
 ('SJ','审计',false,false,true,9),
 ('TJ','统计',false,false,true,10),
 ('FY','翻译',false,false,false,11),
 ('XW','新闻',false,false,false,12),
 ('CB','出版',false,false,false,13),
 ('TSZL','图书资料',false,false,false,14),
 ('WWBW','文物博物',true,false,false,15),
 ('DA','档案',false,false,false,16),
 ('GYMS','工艺美术',true,false,false,17),
 ('JGYX','技工院校教师',true,false,false,18),
 ('TY','体育',true,false,false,19),
 ('LS','律师',false,true,false,20),
 ('GZ','公证',false,true,false,21),
 ('BYZC','播音主持',false,false,false,22),
 ('YS','艺术',true,false,false,23),
 ('ZZJS','中等职业学校教师',false,false,false,24),
 ('ZXXJS','中小学教师',false,true,false,25),
 ('SYJS','实验技术',true,false,false,26),
 ('SHGZ','社会工作',false,false,true,27),
 ('ZSCQ','知识产权',false,false,false,28);

INSERT INTO platform.title_levels (series_code, level, title_name) VALUES
 ('GXJS','助理级','助教'),('GXJS','中级','讲师'),('GXJS','副高级','副教授'),('GXJS','正高级','教授'),
 ('ZSKX','助理级','研究实习员'),('ZSKX','中级','助理研究员'),('ZSKX','副高级','副研究员'),('ZSKX','正高级','研究员'),
 ('ZRKX','助理级','研究实习员'),('ZRKX','中级','助理研究员'),('ZRKX','副高级','副研究员'),('ZRKX','正高级','研究员'),
 ('WS','员级','医士'),('WS','助理级','医师'),('WS','中级','主治医师'),('WS','副高级','副主任医师'),('WS','正高级','主任医师'),
 ('GC','员级','技术员'),('GC','助理级','助理工程师'),('GC','中级','工程师'),('GC','副高级','高级工程师'),('GC','正高级','正高级工程师'),
 ('NY','员级','农业技术员'),('NY','助理级','助理农艺师'),('NY','中级','农艺师'),('NY','副高级','高级农艺师'),('NY','正高级','正高级农艺师'),
 ('JJ','助理级','助理经济师'),('JJ','中级','经济师'),('JJ','副高级','高级经济师'),('JJ','正高级','正高级经济师'),
 ('KJ','助理级','助理会计师'),('KJ','中级','会计师'),('KJ','副高级','高级会计师'),('KJ','正高级','正高级会计师'),
 ('SJ','助理级','助理审计师'),('SJ','中级','审计师'),('SJ','副高级','高级审计师'),('SJ','正高级','正高级审计师'),
 ('TJ','助理级','助理统计师'),('TJ','中级','统计师'),('TJ','副高级','高级统计师'),('TJ','正高级','正高级统计师'),
 ('FY','助理级','三级翻译'),('FY','中级','二级翻译'),('FY','副高级','一级翻译'),('FY','正高级','译审'),
 ('XW','助理级','助理记者'),('XW','中级','记者'),('XW','副高级','主任记者'),('XW','正高级','高级记者'),
 ('CB','助理级','助理编辑'),('CB','中级','编辑'),('CB','副高级','副编审'),('CB','正高级','编审'),
 ('TSZL','员级','管理员'),('TSZL','助理级','助理馆员'),('TSZL','中级','馆员'),('TSZL','副高级','副研究馆员'),('TSZL','正高级','研究馆员'),
 ('WWBW','助理级','助理馆员'),('WWBW','中级','馆员'),('WWBW','副高级','副研究馆员'),('WWBW','正高级','研究馆员'),
 ('DA','员级','管理员'),('DA','助理级','助理馆员'),('DA','中级','馆员'),('DA','副高级','副研究馆员'),('DA','正高级','研究馆员'),
 ('GYMS','员级','工艺美术员'),('GYMS','助理级','助理工艺美术师'),('GYMS','中级','工艺美术师'),('GYMS','副高级','高级工艺美术师'),('GYMS','正高级','正高级工艺美术师'),
 ('JGYX','助理级','助理讲师'),('JGYX','中级','讲师'),('JGYX','副高级','高级讲师'),('JGYX','正高级','正高级讲师'),
 ('TY','助理级','三级教练'),('TY','中级','二级教练'),('TY','副高级','高级教练'),('TY','正高级','国家级教练'),
 ('LS','助理级','四级律师'),('LS','中级','三级律师'),('LS','副高级','二级律师'),('LS','正高级','一级律师'),
 ('GZ','助理级','四级公证员'),('GZ','中级','三级公证员'),('GZ','副高级','二级公证员'),('GZ','正高级','一级公证员'),
 ('BYZC','助理级','三级播音员'),('BYZC','中级','二级播音员'),('BYZC','副高级','主任播音员'),('BYZC','正高级','播音指导'),
 ('YS','助理级','四级演员'),('YS','中级','三级演员'),('YS','副高级','二级演员'),('YS','正高级','一级演员'),
 ('ZZJS','助理级','助理讲师'),('ZZJS','中级','讲师'),('ZZJS','副高级','高级讲师'),('ZZJS','正高级','正高级讲师'),
 ('ZXXJS','员级','三级教师'),('ZXXJS','助理级','二级教师'),('ZXXJS','中级','一级教师'),('ZXXJS','副高级','高级教师'),('ZXXJS','正高级','正高级教师'),
 ('SYJS','员级','实验员'),('SYJS','助理级','助理实验师'),('SYJS','中级','实验师'),('SYJS','副高级','高级实验师'),('SYJS','正高级','正高级实验师'),
 ('SHGZ','助理级','助理社会工作师'),('SHGZ','中级','社会工作师'),('SHGZ','副高级','高级社会工作师'),('SHGZ','正高级','正高级社会工作师'),
 ('ZSCQ','助理级','助理知识产权师'),('ZSCQ','中级','知识产权师'),('ZSCQ','副高级','高级知识产权师'),('ZSCQ','正高级','正高级知识产权师');
