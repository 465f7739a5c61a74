"""The words of generated history: people, places, faults as customers and dealers put
them, technicians' findings, couriers, and survey comments in Chinese and English."""

from typing import Final

SURNAMES: Final = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    "郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
)
GIVEN: Final = (
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "晨", "浩然", "子涵", "欣怡",
    "梓轩", "雨桐", "宇航", "思远", "佳怡", "俊杰", "嘉欣", "志强", "文博", "一鸣", "雪",
    "婷", "鑫", "斌",
)  # fmt: skip
ENGLISH_NAMES: Final = (
    "Chen Jie",
    "Michael Zhang",
    "Anna Li",
    "David Wong",
    "Sarah Liu",
    "Tom Becker",
    "Emily Zhou",
    "Kevin Huang",
    "Laura Martin",
    "Ken Sato",
    "Priya Nair",
    "Lucas Silva",
)

# Where customers live, around each outlet's city: (province, city, districts).
PLACES: Final = {
    "深圳市": ("广东省", "深圳市", ("南山区", "福田区", "宝安区", "龙岗区", "罗湖区")),
    "广州市": ("广东省", "广州市", ("天河区", "越秀区", "海珠区", "白云区", "番禺区")),
    "上海市": ("上海市", "上海市", ("徐汇区", "浦东新区", "静安区", "闵行区", "杨浦区")),
    "杭州市": ("浙江省", "杭州市", ("西湖区", "拱墅区", "滨江区", "余杭区")),
    "成都市": ("四川省", "成都市", ("锦江区", "武侯区", "高新区", "成华区")),
    "武汉市": ("湖北省", "武汉市", ("江汉区", "武昌区", "洪山区")),
}
STREETS: Final = ("中山路", "人民路", "建设路", "解放路", "新华路", "和平路", "科技路", "滨江路")

COURIERS: Final = ("顺丰速运", "中通快递", "圆通速递", "京东物流", "韵达快递", "德邦快递")
COURIER_CODES: Final = {
    "顺丰速运": "SF",
    "中通快递": "ZT",
    "圆通速递": "YT",
    "京东物流": "JD",
    "韵达快递": "YD",
    "德邦快递": "DP",
}

# What the customer says at the desk, and what the dealer writes on the fault label.
FAULT_WORDS: Final = {
    "no_charge": ("充不进电", "插上充电器没反应", "充电指示灯不亮, 充不进去"),
    "no_output": ("完全无输出", "给手机充不了电", "按键后没有输出"),
    "low_capacity": ("电量掉得很快", "充满只能给手机充半次", "容量明显不足"),
    "port_damage": ("充电口松动", "Type-C 接口接触不良", "USB 口歪了"),
    "indicator_fault": ("指示灯不亮", "电量灯乱闪", "显示屏没有数字"),
    "overheating": ("充电时很烫", "用的时候发热严重", "外壳烫手"),
    "swelling": ("外壳鼓起来了", "电池鼓包, 壳子裂开", "机身变厚, 合不上"),
    "burnt": ("充电时冒烟", "有烧焦味, 口子发黑", "插头处烧黑"),
    "venting": ("有刺鼻气味", "漏气有嘶嘶声"),
    "leaking": ("外壳有液体渗出", "漏液"),
    "protection_failure": ("充满后还一直充", "短路后没有保护"),
    "intermittent": ("时好时坏", "充一会儿就断", "要摆角度才能充"),
    "cosmetic": ("外壳掉漆", "外观有裂纹", "按键卡住"),
    "no_fault_found": ("客户说偶尔不充电", "充电慢"),
}
FINDINGS: Final = {
    "no_charge": "充电管理芯片损坏, 更换主板",
    "no_output": "升压电路故障, 输出 MOS 管击穿",
    "low_capacity": "电芯老化, 实测容量低于额定值 60%",
    "port_damage": "Type-C 母座焊点开裂",
    "indicator_fault": "指示灯板排线脱落",
    "overheating": "电芯内阻偏大, 充电温升超标",
    "swelling": "电芯鼓包, 按危险品隔离处理",
    "burnt": "保护板烧毁, 电芯外皮碳化, 按危险品隔离处理",
    "venting": "电芯泄压阀开启, 隔离处理",
    "leaking": "电解液泄漏, 隔离处理",
    "protection_failure": "保护 IC 失效, 过充保护不动作",
    "intermittent": "输出线路虚焊, 补焊后测试正常",
    "cosmetic": "外壳裂纹, 更换外壳",
    "no_fault_found": "充放电测试 3 个循环均正常, 未发现故障",
}
REPAIRS: Final = (
    "更换接口板后测试正常",
    "补焊后老化测试 2 小时正常",
    "更换主板, 充放电测试正常",
    "更换电芯组件, 容量测试合格",
    "清洁触点, 测试正常",
)
WAITING_FOR: Final = ("等待接口板到货", "等待主板备件", "总部备件调拨中")
CANCEL_REASONS: Final = (
    "客户取消送修",
    "客户已自行购买新机",
    "客户不再需要维修",
    "Customer withdrew the request",
)
UNREPAIRED: Final = ("客户不接受报价, 原样退回", "无故障, 原样退回", "客户要求原样取回")
EXCLUSION_FINDINGS: Final = {
    "physical_damage": "外壳有明显摔落痕迹",
    "misuse": "内部有进水腐蚀痕迹",
    "electrical_surge": "输入端元件被浪涌击穿",
    "third_party_modification": "产品已被非授权拆修",
    "consumable_wear": "数据线属于易耗品, 正常磨损",
    "force_majeure": "产品因火灾受损",
}

# Survey comments by mood, in both languages.
PRAISE_ZH: Final = (
    "维修很快, 当天就拿到了",
    "前台服务态度很好, 解释得很清楚",
    "免费换了新的, 很满意",
    "技术员很专业",
    "比预想的快, 点赞",
    "流程简单, 扫码就能查进度",
)
PRAISE_EN: Final = (
    "Quick repair, got it back the same day.",
    "Friendly staff, clear explanation.",
    "Replaced for free, very happy.",
    "Easy to follow the progress online.",
)
NEUTRAL_ZH: Final = ("还可以, 就是等得有点久", "修好了, 希望质量能耐用", "网点有点难找")
NEUTRAL_EN: Final = ("Fine, but it took a while.", "Repaired; hope it lasts this time.")
COMPLAINT_ZH: Final = (
    "等了两个多星期才修好",
    "配件等了很久, 没人主动通知",
    "报价太贵了",
    "说好 7 天修好, 结果超时了",
    "修好没几天又坏了",
    "客服电话一直打不通",
)
COMPLAINT_EN: Final = (
    "Waited more than two weeks for the repair.",
    "The quote was too expensive.",
    "Nobody told me the parts were delayed.",
    "It broke again a week later.",
)
DEALER_ZH: Final = (
    "返修周期稳定, 合作愉快",
    "这批回货有点慢",
    "清单核对清楚, 差异通知及时",
    "希望备件能多备一些, 缺货等待太久",
)
FOLLOW_UP_DONE: Final = (
    "已回电致歉, 说明原因, 客户表示理解",
    "已回电, 赠送数据线一条",
    "Called back, apologised and explained the delay.",
    "已安排加急处理并回访",
)

# Damage declarations: what dealers find when they open the boxes.
DAMAGE_WORDS: Final = (
    "外箱一角压扁, 2 台移动电源外壳开裂",
    "封箱胶带被划开, 少了 3 台",
    "外箱受潮变形, 内盒破损",
    "箱体有明显撞击痕迹, 产品外壳划伤",
)
DAMAGE_REASONS: Final = (
    "封签完好, 重量与发货一致, 不属运输损坏",
    "The seals were intact and the weight matched the shipment.",
)
